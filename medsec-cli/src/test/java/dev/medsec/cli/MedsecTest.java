package dev.medsec.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MedsecTest {
    @Test
    void commandLineFor_namedSubcommand_buildsOnlyThatOne() {
        assertThat(Medsec.commandLineFor(new String[] {"scan", "/x"}).getSubcommands()).containsOnlyKeys("scan");
        assertThat(Medsec.commandLineFor(new String[] {"verify-file", "a"}).getSubcommands()).containsOnlyKeys("verify-file");
    }

    @Test
    void commandLineFor_helpUsageOrUnknown_buildsTheWholeTree() {
        int all = Medsec.SUBCOMMANDS.size();
        assertThat(Medsec.commandLineFor(new String[] {"help", "scan"}).getSubcommands()).hasSize(all);
        assertThat(Medsec.commandLineFor(new String[0]).getSubcommands()).hasSize(all);
        assertThat(Medsec.commandLineFor(new String[] {"--help"}).getSubcommands()).hasSize(all);
        assertThat(Medsec.commandLineFor(new String[] {"scna"}).getSubcommands()).hasSize(all);
    }

    @Test
    void help_forASubcommand_printsItsUsage() {
        CliRun r = CliRun.of("help", "scan");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Usage: medsec scan");
    }

    @Test
    void unknownCommand_exit2NamingTheCommands() {
        CliRun r = CliRun.of("scna");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("scna");
    }

    @Test
    void internalError_defectOfMedsec_exit3OneLineNoStackTraceUnlessDebug() {
        java.io.StringWriter text = new java.io.StringWriter();
        boolean before = Medsec.debug;
        try {
            Medsec.debug = false;
            int code = Medsec.internalError(new IllegalStateException("index out of step"), new java.io.PrintWriter(text));
            assertThat(code).isEqualTo(ExitCodes.INTERNAL).isEqualTo(3);
            assertThat(text.toString().strip()).isEqualTo(
                    "medsec: internal error: IllegalStateException: index out of step (run again with --debug for the stack trace)");
            java.io.StringWriter traced = new java.io.StringWriter();
            Medsec.debug = true;
            Medsec.internalError(new IllegalStateException("index out of step"), new java.io.PrintWriter(traced));
            assertThat(traced.toString()).contains("at dev.medsec.cli.MedsecTest");
        } finally {
            Medsec.debug = before;
        }
    }
}
