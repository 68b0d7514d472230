package io.claimmatrix.cli;

import io.claimmatrix.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** {@code java -jar target/claim-matrix.jar}: list the variants, run the matrix, explain one. */
@Command(name = "claim-matrix", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Can two workers claim the same row with my SELECT ... FOR UPDATE SKIP LOCKED query? Measured, variant by variant.",
        subcommands = {ListCommand.class, MatrixCommand.class, ExplainCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    /** Exit codes: every verdict as expected; a verdict differs or the run failed; bad usage. */
    public static final int OK = 0, MISMATCH = 1, USAGE = 2;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
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
     * Bad input: its message, one line per problem (e.g. one per broken .sql file), exit 2.
     * Anything else: one line, no stack trace (unless --debug), exit 1.
     */
    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        boolean usage = e instanceof BadInputException || e instanceof IllegalArgumentException;
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
        return usage ? USAGE : MISMATCH;
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
        while (root.getCause() != null && root.getCause() != root && (root.getMessage() == null || root instanceof java.lang.reflect.InvocationTargetException)) {
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
