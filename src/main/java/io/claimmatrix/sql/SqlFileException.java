package io.claimmatrix.sql;

import java.nio.file.Path;

/**
 * A problem with one of the user's files (a strategy, a queue model's fixture, claimable query, changelog),
 * located: its message is {@code file:line: what is wrong}, on one line.
 */
public final class SqlFileException extends Exception {

    /** The file, as the user named it (a path, or {@code models/<name>/<file>} for a built-in model). */
    public final String file;
    /** 1-based; 1 when the problem is the file as a whole. */
    public final int line;

    public SqlFileException(String file, int line, String message) {
        super(file + ":" + line + ": " + message);
        this.file = file;
        this.line = line;
    }

    public SqlFileException(Path file, int line, String message) {
        this(file.toString(), line, message);
    }
}
