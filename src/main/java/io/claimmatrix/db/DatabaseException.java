package io.claimmatrix.db;

/**
 * The database could not be used as asked (not answering, wrong password, no such database, no right to create a
 * schema, ...): something to fix on the server's side or in the connection options. The message is one line that
 * says what and where; the CLI prints it and exits 1.
 */
public class DatabaseException extends RuntimeException {

    private final String sqlState;

    public DatabaseException(String message, String sqlState, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
    }

    /** PostgreSQL's (or the driver's) SQLSTATE, e.g. {@code 28P01}; {@code null} when there was none. */
    public String sqlState() {
        return sqlState;
    }
}
