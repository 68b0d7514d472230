package io.claimmatrix.db;

import io.claimmatrix.BadInputException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Checks made before a run creates anything: the server answers, the user may create the run's schema, the database
 * is writable, and the server has a session slot for every worker. Each failure is one line that says what to change,
 * given before minutes of measuring rather than after.
 */
public final class Preflight {

    /** Sessions a run holds besides its workers: the harness's admin session and one for cleaning up. */
    public static final int KIT_SESSIONS = 2;

    /** What the server is and how many more sessions this user may open on it now. */
    public record ServerInfo(String version, String user, String database, Capacity capacity) {
    }

    /**
     * The server's session limits as they apply to this user, and the sessions in use (counting the preflight's own,
     * which it closes before the run starts).
     *
     * @param reserved       {@code reserved_connections} (PostgreSQL 16+, else 0): slots for roles with pg_use_reserved_connections
     * @param roleLimit      the role's {@code CONNECTION LIMIT}, -1 for none
     * @param databaseLimit  the database's {@code CONNECTION LIMIT}, -1 for none
     */
    public record Capacity(int maxConnections, int superuserReserved, int reserved, boolean superuser,
                           boolean mayUseReserved, int inUse, int roleLimit, int roleInUse, int databaseLimit,
                           int databaseInUse) {

        /** How many more sessions this user can open once the preflight's own session is closed. */
        public int available() {
            int serverLimit = maxConnections - (superuser ? 0 : superuserReserved + (mayUseReserved ? 0 : reserved));
            int free = serverLimit - inUse + 1;
            // Superusers are exempt from role and database connection limits.
            if (!superuser && roleLimit >= 0) {
                free = Math.min(free, roleLimit - roleInUse + 1);
            }
            if (!superuser && databaseLimit >= 0) {
                free = Math.min(free, databaseLimit - databaseInUse + 1);
            }
            return Math.max(0, free);
        }

        /** The limits behind {@link #available()}, for the error message. */
        public String explain() {
            StringBuilder b = new StringBuilder("max_connections ").append(maxConnections);
            if (!superuser) {
                b.append(", ").append(superuserReserved).append(" reserved for superusers");
                if (reserved > 0 && !mayUseReserved) {
                    b.append(", ").append(reserved).append(" reserved_connections");
                }
            }
            b.append(", ").append(inUse - 1).append(" in use by others");
            if (!superuser && roleLimit >= 0) {
                b.append(", role connection limit ").append(roleLimit);
            }
            if (!superuser && databaseLimit >= 0) {
                b.append(", database connection limit ").append(databaseLimit);
            }
            return b.toString();
        }
    }

    private static final String QUERY = """
            SELECT current_setting('server_version'),
                   current_user,
                   current_database(),
                   has_database_privilege(current_database(), 'CREATE'),
                   pg_is_in_recovery(),
                   current_setting('max_connections')::int,
                   current_setting('superuser_reserved_connections')::int,
                   coalesce(current_setting('reserved_connections', true)::int, 0),
                   r.rolsuper,
                   coalesce((SELECT pg_has_role(current_user, oid, 'MEMBER') FROM pg_roles
                             WHERE rolname = 'pg_use_reserved_connections'), false),
                   (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'),
                   r.rolconnlimit,
                   (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND usename = current_user),
                   d.datconnlimit,
                   (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND datname = current_database())
            FROM pg_roles r, pg_database d
            WHERE r.rolname = current_user AND d.datname = current_database()
            """;

    private Preflight() {
    }

    /**
     * Connects and checks that a run with {@code workers} workers can start here; returns what the server is.
     *
     * @throws DatabaseException  the server cannot be used (not answering, login refused, no right to create a schema)
     * @throws BadInputException  more workers than the server has session slots for
     */
    public static ServerInfo check(DatabaseTarget target, int workers) {
        ServerInfo info = inspect(target);
        String where = Jdbc.where(target.jdbcUrl());
        if (info.capacity().available() < workers + KIT_SESSIONS) {
            int most = info.capacity().available() - KIT_SESSIONS;
            throw new BadInputException("--workers " + workers + " needs " + (workers + KIT_SESSIONS) + " sessions (the workers and "
                    + KIT_SESSIONS + " of the kit's), but user \"" + info.user() + "\" can open only " + info.capacity().available()
                    + " more at " + where + " (" + info.capacity().explain() + "): "
                    + (most >= 1 ? "use --workers " + most + " or fewer, or raise max_connections" : "free some sessions or raise max_connections"));
        }
        return info;
    }

    /** Reads the server's version, the user's rights and the session limits, failing on what makes a run impossible. */
    public static ServerInfo inspect(DatabaseTarget target) {
        String where = Jdbc.where(target.jdbcUrl());
        try (Connection c = Jdbc.connect(target.jdbcUrl(), target.user(), target.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(QUERY)) {
            if (!rs.next()) {
                throw new DatabaseException("cannot read the role and database of the session at " + where, null, null);
            }
            String user = rs.getString(2), database = rs.getString(3);
            if (rs.getBoolean(5)) {
                throw new DatabaseException("PostgreSQL at " + where + " is a read-only standby (in recovery): "
                        + "point --db-url at the primary", "25006", null);
            }
            if (!rs.getBoolean(4)) {
                throw new DatabaseException("user \"" + user + "\" may not create a schema in database \"" + database + "\" at "
                        + where + ", and each run works only in a schema of its own: GRANT CREATE ON DATABASE "
                        + quoteIdent(database) + " TO " + quoteIdent(user) + ", or use another database or user", "42501", null);
            }
            Capacity capacity = new Capacity(rs.getInt(6), rs.getInt(7), rs.getInt(8), rs.getBoolean(9), rs.getBoolean(10),
                    rs.getInt(11), rs.getInt(12), rs.getInt(13), rs.getInt(14), rs.getInt(15));
            return new ServerInfo(rs.getString(1), user, database, capacity);
        } catch (SQLException e) {
            throw new DatabaseException("cannot inspect PostgreSQL at " + where + ": " + Jdbc.firstLine(String.valueOf(e.getMessage())),
                    e.getSQLState(), e);
        }
    }

    static String quoteIdent(String name) {
        return name.matches("[a-z_][a-z0-9_]*") ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
