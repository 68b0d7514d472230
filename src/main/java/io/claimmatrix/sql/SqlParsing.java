package io.claimmatrix.sql;

import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.conf.ParseUnknownFunctions;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.ParserException;

import java.util.Optional;

/** A statement's text read with jOOQ's parser, as PostgreSQL writes it: what the kit reads of SQL without a server. */
public final class SqlParsing {

    private SqlParsing() {
    }

    /**
     * The statement as jOOQ's query object model; empty when the parser cannot read it. Functions jOOQ does not know
     * ({@code pg_backend_pid()}, {@code pg_try_advisory_xact_lock()}) are kept as plain calls; a trailing {@code ;} is
     * dropped.
     */
    public static Optional<Query> parse(String sql) {
        try {
            return Optional.of(DSL.using(SQLDialect.POSTGRES, new Settings().withParseUnknownFunctions(ParseUnknownFunctions.IGNORE))
                    .parser().parseQuery(sql.strip().replaceAll(";\\s*$", "")));
        } catch (ParserException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
