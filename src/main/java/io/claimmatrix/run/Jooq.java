package io.claimmatrix.run;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

import java.sql.Connection;

/** The one place jOOQ is configured for the kit. */
public final class Jooq {

    static {
        // jOOQ prints a banner and tips on first use; a measuring tool's output should be its measurements.
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
    }

    /**
     * The kit's settings, new each time (jOOQ's {@code with...} methods change a Settings in place). Schemas are not
     * rendered: the generated classes name each built-in model's schema, but every run binds the tables to its own
     * run schema through the session's search_path.
     */
    public static Settings settings() {
        return new Settings().withExecuteLogging(false).withRenderSchema(false);
    }

    private Jooq() {
    }

    public static DSLContext dsl(Connection connection) {
        return DSL.using(connection, SQLDialect.POSTGRES, settings());
    }

    /** A DSLContext that only renders, for showing SQL beside a verdict. */
    public static DSLContext renderer() {
        return DSL.using(SQLDialect.POSTGRES, settings().withRenderFormatted(true));
    }
}
