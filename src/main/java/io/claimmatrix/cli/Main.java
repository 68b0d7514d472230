package io.claimmatrix.cli;

import io.claimmatrix.BadInputException;
import io.claimmatrix.db.DatabaseException;
import io.claimmatrix.db.OnShutdown;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.Logger;

/** {@code java -jar target/claim-matrix.jar}: list the variants, run the matrix, explain one. */
@Command(name = "claim-matrix", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Can two workers claim the same row with my SELECT ... FOR UPDATE SKIP LOCKED query? Measured, variant by variant.",
        subcommands = {ListCommand.class, MatrixCommand.class, ExplainCommand.class, SearchCommand.class, PredictCommand.class, CompareCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    /** Exit codes: every verdict as expected; a verdict differs or the run failed; bad usage. */
    public static final int OK = 0, MISMATCH = 1, USAGE = 2;
    /** Exit code when the run was interrupted (as a shell reports SIGINT). */
    public static final int INTERRUPTED = 130;

    /** Held: a JUL logger's level is lost when the logger is garbage-collected. */
    private static final Logger DRIVER_LOG = Logger.getLogger("org.postgresql");
    private static final String[] LIBRARY_LOGGERS = {"org.testcontainers", "org.testcontainers.dockerclient", "com.zaxxer.hikari", "io.zonky"};
    private static boolean debugWasOn;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        quietLibraries(Arrays.asList(args).contains("--debug"));
        CommandLine cli = commandLine();
        return cli.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(Main::handle);
        cli.setParameterExceptionHandler(Main::usage);
        // --version answers on every command, including ones added later, with one version string.
        for (CommandLine sub : cli.getSubcommands().values()) {
            sub.getCommandSpec().versionProvider(new Version());
        }
        return cli;
    }

    /**
     * The kit reports every failure itself, in one line: libraries' own warnings (the driver's JUL warning about a bad
     * port, Testcontainers' search for Docker, Hikari's pool errors) would repeat it with stack traces.
     * {@code --debug} lets them speak.
     */
    private static void quietLibraries(boolean debug) {
        DRIVER_LOG.setLevel(debug ? Level.FINE : Level.OFF);
        // slf4j-simple reads system properties before simplelogger.properties, when it makes each logger.
        for (String name : LIBRARY_LOGGERS) {
            String key = "org.slf4j.simpleLogger.log." + name;
            if (debug) {
                System.setProperty(key, "info");
            } else if ("info".equals(System.getProperty(key)) && debugWasOn) {
                System.clearProperty(key); // an earlier --debug run in this JVM (tests) set it
            }
        }
        debugWasOn |= debug;
    }

    /**
     * Bad input: its message, one line per problem (e.g. one per broken .sql file), exit 2.
     * Anything else: one line, no stack trace (unless --debug), exit 1 (the database or the machine could not do it).
     * After Ctrl-C or SIGTERM: nothing (the shutdown hook says what it cleaned up), exit 130.
     */
    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        if (OnShutdown.inProgress()) {
            return INTERRUPTED; // errors from a run stopped under it are noise
        }
        if (e instanceof BadInputException && e.getMessage() != null) {
            e.getMessage().lines().forEach(line -> err.println("claim-matrix: " + line));
            err.flush();
            return USAGE;
        }
        boolean debug = debug(parsed);
        if (debug) {
            e.printStackTrace(err);
        }
        err.println("claim-matrix: " + oneLine(e) + (debug ? "" : " (--debug shows the stack trace)"));
        err.flush();
        return exitCode(e);
    }

    static int exitCode(Throwable e) {
        if (e instanceof BadInputException || e instanceof IllegalArgumentException) {
            return USAGE;
        }
        return MISMATCH; // a runtime failure: DatabaseException, SQLException, anything unexpected
    }

    /** A mistake on the command line: one line saying what and where help is, instead of the whole usage text. */
    private static int usage(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("claim-matrix: " + oneLine(e) + " (" + cmd.getCommandSpec().qualifiedName() + " --help shows the options)");
        err.flush();
        return USAGE;
    }

    private static boolean debug(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    static String oneLine(Throwable e) {
        Throwable root = e;
        // A DatabaseException or BadInputException already says it all; otherwise dig to the first cause with a message.
        while (!(root instanceof DatabaseException) && !(root instanceof BadInputException)
                && root.getCause() != null && root.getCause() != root
                && (root.getMessage() == null || root instanceof java.lang.reflect.InvocationTargetException)) {
            root = root.getCause();
        }
        String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int nl = msg.indexOf('\n');
        return (nl < 0 ? msg : msg.substring(0, nl)).strip();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[]{"claim-matrix " + (v == null ? "(development build)" : v)};
        }
    }
}
