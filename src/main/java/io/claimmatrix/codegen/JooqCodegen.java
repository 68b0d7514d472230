package io.claimmatrix.codegen;

import io.claimmatrix.db.EmbeddedDatabase;
import io.claimmatrix.db.Jdbc;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.ui.LoggerUIService;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Logging;
import org.jooq.meta.jaxb.Target;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * A project's own jOOQ classes from its own Liquibase changelog, at build time, with no Docker and no server: starts
 * an embedded PostgreSQL (the kit's), applies the changelog into an empty schema, runs jOOQ's code generator on that
 * schema into a package and directory, and stops the server. The classes render their tables unqualified (the schema is
 * generated as jOOQ's default schema), so a claim strategy typed with them runs in whatever schema the kit creates for
 * a run.
 *
 * <p>From Maven, in {@code generate-sources}: exec-maven-plugin's {@code java} goal with the kit as a plugin dependency,
 * {@code mainClass} this class and the three arguments below; build-helper-maven-plugin's {@code add-source} adds the
 * directory to the compile (docs/use-in-your-project.md has the block). The kit's own build keeps build/codegen.groovy:
 * its classes do not exist yet when it generates.
 */
public final class JooqCodegen {

    /** The schema the changelog is applied to; generated as jOOQ's default schema, so no class names it. */
    static final String SCHEMA = "codegen";
    private static final Pattern PACKAGE = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*(\\.[a-zA-Z_][a-zA-Z0-9_]*)*");
    // Held so the JUL configuration is not garbage-collected away.
    private static final Logger LIQUIBASE_LOG = Logger.getLogger("liquibase");

    /**
     * What was generated.
     *
     * @param tables            the tables the changelog created, by name
     * @param postgresVersion   the embedded server's {@code server_version}
     */
    public record Result(Path directory, String packageName, java.util.List<String> tables, String postgresVersion) {
    }

    private JooqCodegen() {
    }

    /**
     * {@code JooqCodegen CHANGELOG PACKAGE DIRECTORY}: the changelog's path (absolute, or relative to the working
     * directory; {@code ${project.basedir}/...} from Maven), the package of the generated classes, and the directory
     * they are written under ({@code ${project.build.directory}/generated-sources/jooq}). Throws (never exits the JVM:
     * exec:java runs it inside Maven's) with a one-line message when an argument is wrong or the changelog does not apply.
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: JooqCodegen CHANGELOG PACKAGE DIRECTORY (got " + args.length + " argument(s))");
        }
        Result r = generate(Path.of(args[0]), args[1], Path.of(args[2]));
        System.out.println("claim-matrix codegen: " + args[0] + " applied to embedded PostgreSQL " + r.postgresVersion() + "; jOOQ classes of "
                + r.tables().size() + " table(s) (" + String.join(", ", r.tables()) + ") in " + r.directory() + " (package " + r.packageName() + ")");
    }

    /**
     * Generates the classes of the changelog's tables (Liquibase's own tables left out).
     *
     * @param changelog   any changelog Liquibase reads ({@code .yaml}, {@code .yml}, {@code .xml}, {@code .sql}); it may
     *                    include files beside or below it
     * @param packageName e.g. {@code com.acme.jobs.jooq}; its classes are {@code Tables}, {@code tables.Jobs}, ...
     * @param directory   the source root the package is written under (jOOQ replaces the package's old files)
     * @throws IllegalArgumentException a missing changelog or a malformed package name
     * @throws IllegalStateException    Liquibase refused the changelog (its message, on one line), or it creates no table
     */
    public static Result generate(Path changelog, String packageName, Path directory) throws Exception {
        if (!Files.isRegularFile(changelog)) {
            throw new IllegalArgumentException(changelog + ": no such changelog (give its path, e.g. ${project.basedir}/src/main/resources/db/changelog.yaml)");
        }
        if (!PACKAGE.matcher(packageName).matches()) {
            throw new IllegalArgumentException("'" + packageName + "' is not a Java package name");
        }
        quietLiquibase();
        Path dir = changelog.toAbsolutePath().normalize().getParent();
        try (EmbeddedDatabase pg = EmbeddedDatabase.start(10)) {
            String version;
            java.util.List<String> tables = new java.util.ArrayList<>();
            try (Connection c = Jdbc.connect(pg.jdbcUrl(), pg.user(), pg.password())) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW server_version")) {
                    rs.next();
                    version = rs.getString(1);
                }
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE SCHEMA " + SCHEMA);
                }
                Database db = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
                db.setDefaultSchemaName(SCHEMA);
                db.setLiquibaseSchemaName(SCHEMA);
                try {
                    Scope.child(Map.of(Scope.Attr.ui.name(), new LoggerUIService()), () -> {
                        try (Liquibase liquibase = new Liquibase(changelog.getFileName().toString(), new DirectoryResourceAccessor(dir), db)) {
                            liquibase.update(new Contexts(), new LabelExpression());
                        }
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(changelog + ": Liquibase could not apply the changelog: "
                            + String.valueOf(e.getMessage()).replaceAll("\\s+", " ").strip(), e);
                }
            }
            // Liquibase closed its connection: a new one to list what the changelog created.
            try (Connection c = Jdbc.connect(pg.jdbcUrl(), pg.user(), pg.password());
                 Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = '"
                         + SCHEMA + "' AND tablename NOT IN ('databasechangelog', 'databasechangeloglock') ORDER BY 1")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            if (tables.isEmpty()) {
                throw new IllegalStateException(changelog + ": the changelog creates no table: nothing to generate");
            }
            GenerationTool.generate(new Configuration()
                    .withLogging(Logging.WARN)
                    .withJdbc(new org.jooq.meta.jaxb.Jdbc().withDriver("org.postgresql.Driver").withUrl(pg.jdbcUrl())
                            .withUser(pg.user()).withPassword(pg.password()))
                    .withGenerator(new Generator()
                            .withDatabase(new org.jooq.meta.jaxb.Database()
                                    .withName("org.jooq.meta.postgres.PostgresDatabase")
                                    .withInputSchema(SCHEMA)
                                    // Unqualified tables: each run binds them to its own schema through search_path.
                                    .withOutputSchemaToDefault(true)
                                    .withExcludes("databasechangelog|databasechangeloglock"))
                            .withGenerate(new Generate().withJavaTimeTypes(true).withPojos(false).withDaos(false))
                            .withTarget(new Target().withPackageName(packageName).withDirectory(directory.toAbsolutePath().toString()))));
            return new Result(directory.toAbsolutePath(), packageName, java.util.List.copyOf(tables), version);
        }
    }

    private static void quietLiquibase() {
        System.setProperty("liquibase.analytics.enabled", "false");
        System.setProperty("liquibase.command.showSummary", "OFF");
        System.setProperty("liquibase.command.showSummaryOutput", "LOG");
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        LIQUIBASE_LOG.setLevel(Level.WARNING);
    }
}
