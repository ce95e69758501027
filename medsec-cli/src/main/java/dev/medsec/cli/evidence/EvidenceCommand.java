package dev.medsec.cli.evidence;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code medsec evidence}: work with dynamic-test evidence outside a scan. */
@Command(name = "evidence", mixinStandardHelpOptions = true,
        description = "Dynamic-test evidence (Valgrind, sanitizers, AFL++, other analyzers' SARIF).",
        subcommands = {EvidenceImportCommand.class})
public final class EvidenceCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (import)");
    }
}
