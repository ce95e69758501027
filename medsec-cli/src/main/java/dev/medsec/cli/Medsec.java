package dev.medsec.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.List;

/**
 * Entry point. Exit codes: 0 gate passed / verified, 1 findings at or above --fail-on / not verified, 2 usage or
 * unreadable input, 3 an internal error of medsec.
 */
@Command(name = "medsec", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Finds what breaks the secure-development principles of medical-device software.")
public final class Medsec implements Runnable {
    /** The subcommands, in the order usage lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            ScanCommand.class,
            ChecksCommand.class,
            dev.medsec.cli.diff.DiffCommand.class,
            dev.medsec.cli.rescore.RescoreCommand.class,
            dev.medsec.cli.history.HistoryCommand.class,
            dev.medsec.cli.pack.SubmissionPackCommand.class,
            dev.medsec.cli.db.DbCommand.class,
            dev.medsec.cli.sbom.SbomCommand.class,
            dev.medsec.cli.verify.VerifyCommand.class,
            dev.medsec.cli.memcheck.MemcheckCommand.class,
            dev.medsec.cli.evidence.EvidenceCommand.class,
            dev.medsec.cli.trust.SignCommand.class,
            dev.medsec.cli.trust.VerifyFileCommand.class,
            dev.medsec.cli.trust.SealCommand.class,
            dev.medsec.cli.trust.UnsealCommand.class,
            CommandLine.HelpCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Prints the stack trace of an internal error (exit 3); inherited by every subcommand. */
    @CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "On an internal error (exit 3), print its stack trace too.")
    static boolean debug;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (scan, checks, ...)");
    }

    /** The whole command tree. */
    public static CommandLine commandLine() {
        return commandLine(SUBCOMMANDS);
    }

    /**
     * The command tree a run with {@code args} needs. picocli builds each subcommand's model by reflection, which
     * costs a visible part of a short run's start; a run that names one subcommand gets only that one. Usage,
     * help and unknown names get the whole tree, so their messages list every command.
     */
    static CommandLine commandLineFor(String[] args) {
        if (args.length > 0) {
            for (Class<?> c : SUBCOMMANDS) {
                String name = c.getAnnotation(Command.class).name();
                if (name.equals(args[0]) && !name.equals("help")) {
                    return commandLine(List.of(c));
                }
            }
        }
        return commandLine();
    }

    private static CommandLine commandLine(List<Class<?>> subcommands) {
        CommandLine cl = new CommandLine(new Medsec());
        for (Class<?> c : subcommands) {
            cl.addSubcommand(c);
        }
        cl.setExitCodeExceptionMapper(t -> ExitCodes.USAGE);
        cl.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("medsec: " + ex.getMessage());
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException
                    || ex instanceof IllegalArgumentException) {
                c.getErr().println("medsec: " + ex.getMessage());
                return ExitCodes.USAGE;
            }
            return internalError(ex, c.getErr());
        });
        return cl;
    }

    /** One line for a defect of medsec (and the stack trace with --debug): exit 3, never 1 ("the gate failed"). */
    static int internalError(Throwable t, java.io.PrintWriter err) {
        err.println("medsec: internal error: " + t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage())
                + (debug ? "" : " (run again with --debug for the stack trace)"));
        if (debug) {
            t.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.INTERNAL;
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("scan")) {
            ScanCommand.startMakingChecks();
        }
        int code;
        try {
            code = commandLineFor(args).execute(args);
        } catch (StackOverflowError | OutOfMemoryError | RuntimeException e) {
            // errors picocli's handlers do not see
            debug |= java.util.Arrays.asList(args).contains("--debug");
            code = internalError(e, new java.io.PrintWriter(System.err, true));
        }
        System.exit(code);
    }
}
