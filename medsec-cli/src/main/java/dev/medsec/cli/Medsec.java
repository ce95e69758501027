package dev.medsec.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point. Exit codes: 0 gate passed / verified, 1 findings at or above --fail-on / not verified, 2 usage or unreadable input. */
@Command(name = "medsec", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Finds what breaks the secure-development principles of medical-device software.",
        subcommands = {
                ScanCommand.class,
                ChecksCommand.class,
                dev.medsec.cli.db.DbCommand.class,
                dev.medsec.cli.sbom.SbomCommand.class,
                dev.medsec.cli.verify.VerifyCommand.class,
                dev.medsec.cli.memcheck.MemcheckCommand.class,
                dev.medsec.cli.evidence.EvidenceCommand.class,
                dev.medsec.cli.trust.SignCommand.class,
                dev.medsec.cli.trust.VerifyFileCommand.class,
                dev.medsec.cli.trust.SealCommand.class,
                dev.medsec.cli.trust.UnsealCommand.class,
                CommandLine.HelpCommand.class,
        })
public final class Medsec implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (scan, checks, ...)");
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Medsec());
        cl.setExitCodeExceptionMapper(t -> ExitCodes.USAGE);
        cl.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("medsec: " + ex.getMessage());
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            c.getErr().println("medsec: " + ex.getMessage());
            return ExitCodes.USAGE;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
