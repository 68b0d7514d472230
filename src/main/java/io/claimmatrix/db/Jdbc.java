package io.claimmatrix.db;

import io.claimmatrix.BadInputException;
import org.postgresql.Driver;
import org.postgresql.PGProperty;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * Every connection the kit opens goes through here: the URL gets connect and login timeouts (so a server that does
 * not answer cannot hang a run) and the application name {@value #APPLICATION_NAME} (so the kit's sessions can be
 * told apart in {@code pg_stat_activity}), and a failure to connect becomes one line that says what to fix.
 */
public final class Jdbc {

    /** The {@code application_name} of every session the kit opens. */
    public static final String APPLICATION_NAME = "claim-matrix";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private static final String PREFIX = "jdbc:postgresql:";

    private Jdbc() {
    }

    /**
     * The URL's host, port and database, or a {@link BadInputException} that says why it is not a PostgreSQL JDBC URL.
     * Checked before any connection, so a typo is a usage error (exit 2), not a failed run.
     */
    public static Properties parse(String url) {
        if (url == null || url.isBlank()) {
            throw new BadInputException("--db-url is empty; expected jdbc:postgresql://host:port/database");
        }
        if (!url.startsWith(PREFIX)) {
            String hint = url.startsWith("postgresql://") || url.startsWith("postgres://")
                    ? " (a JDBC URL starts with jdbc:postgresql://)" : "";
            throw new BadInputException("--db-url must be a PostgreSQL JDBC URL like jdbc:postgresql://127.0.0.1:5432/test"
                    + hint + ", got: " + url);
        }
        Properties props = Driver.parseURL(url, null);
        if (props == null) {
            throw new BadInputException("--db-url is not a valid PostgreSQL JDBC URL (check the host, the port 1-65535 and "
                    + "the parameters): " + url);
        }
        return props;
    }

    /**
     * The URL with {@code connectTimeout}, {@code loginTimeout} and {@code ApplicationName} added where it does not
     * set them itself (the user's own settings win).
     */
    public static String withDefaults(String url, Duration connectTimeout) {
        Properties props = parse(url);
        String seconds = String.valueOf(Math.max(1, (connectTimeout.toMillis() + 999) / 1000));
        StringBuilder b = new StringBuilder(url);
        char sep = url.contains("?") ? '&' : '?';
        for (String[] p : new String[][]{
                {PGProperty.CONNECT_TIMEOUT.getName(), seconds},
                {PGProperty.LOGIN_TIMEOUT.getName(), seconds},
                {PGProperty.APPLICATION_NAME.getName(), APPLICATION_NAME}}) {
            if (!props.containsKey(p[0])) {
                b.append(sep).append(p[0]).append('=').append(URLEncoder.encode(p[1], StandardCharsets.UTF_8));
                sep = '&';
            }
        }
        return b.toString();
    }

    /** {@code host:port/database} of a URL, for messages (never the password). */
    public static String where(String url) {
        try {
            Properties p = parse(url);
            String db = p.getProperty("PGDBNAME");
            return p.getProperty("PGHOST") + ":" + p.getProperty("PGPORT") + (db == null ? "" : "/" + db);
        } catch (BadInputException e) {
            return url;
        }
    }

    /** Opens a connection; a failure is a {@link DatabaseException} whose message says what to fix. */
    public static Connection connect(String url, String user, String password) {
        try {
            return DriverManager.getConnection(url, user, password);
        } catch (SQLException e) {
            throw explain(e, url, user);
        }
    }

    /** Turns a failed connection attempt into one line naming the server, the user and what to do. */
    public static DatabaseException explain(SQLException e, String url, String user) {
        String where = where(url);
        String state = e.getSQLState();
        String server = e.getMessage() == null ? "" : firstLine(e.getMessage()).replaceFirst("^FATAL: ", "");
        String message;
        if (has(e, UnknownHostException.class)) {
            message = "cannot connect to PostgreSQL at " + where + ": unknown host";
        } else if (has(e, ConnectException.class) || has(e, NoRouteToHostException.class)) {
            message = "cannot connect to PostgreSQL at " + where + ": connection refused (is the server running and "
                    + "listening on TCP at that address and port?)";
        } else if (has(e, SocketTimeoutException.class) || server.contains("Connection attempt timed out")) {
            message = "PostgreSQL at " + where + " did not answer in time (connect timeout "
                    + parse(url).getProperty(PGProperty.LOGIN_TIMEOUT.getName(), "?") + "s); is the address right?";
        } else if ("28P01".equals(state)) {
            message = "password authentication failed for user \"" + user + "\" at " + where
                    + " (check --db-password or " + DatabaseOptions.ENV_PASSWORD + ")";
        } else if ("08004".equals(state) && server.contains("password")) {
            message = "PostgreSQL at " + where + " wants a password for user \"" + user + "\": give --db-password (or "
                    + DatabaseOptions.ENV_PASSWORD + ")";
        } else if ("3D000".equals(state)) {
            String db = parse(url).getProperty("PGDBNAME", user);
            message = "database \"" + db + "\" does not exist at " + where.replaceFirst("/.*$", "")
                    + ": create it (createdb " + db + ") or name an existing one in --db-url";
        } else if ("28000".equals(state)) {
            message = "PostgreSQL at " + where + " refused user \"" + user + "\": " + server;
        } else if ("53300".equals(state)) {
            message = "PostgreSQL at " + where + " has no connection slot left: " + server;
        } else {
            message = "cannot connect to PostgreSQL at " + where + ": " + server + (state == null ? "" : " [" + state + "]");
        }
        return new DatabaseException(message, state, e);
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
