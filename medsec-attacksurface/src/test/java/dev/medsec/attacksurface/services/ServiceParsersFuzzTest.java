package dev.medsec.attacksurface.services;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;

/**
 * The init-script reader on hostile text: it never throws and never reports more than its bound of daemons.
 * In {@code mvn verify} it runs over the committed corpus in ServiceParsersFuzzTestInputs/.
 */
class ServiceParsersFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void initScript_arbitraryText_boundedAndNeverThrows(byte[] data) {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        for (String script : new String[] {text, "case \"$1\" in\n  start)\n" + text + "\n  ;;\nesac\n"}) {
            if (InitScriptDaemons.startCommands(script).size() > 64) {
                throw new AssertionError("more daemons than the bound");
            }
        }
    }

    @FuzzTest(maxDuration = "30s")
    void unitFileAndCommandLine_arbitraryText_neverThrow(byte[] data) {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        SystemdUnits.UnitFile unit = SystemdUnits.UnitFile.parse("fuzz.socket", "/fuzz", java.util.List.of(text.split("\n")));
        SystemdUnits.socketService("fuzz.socket", unit);
        SystemdUnits.listens(unit);
        SystemdUnits.user(unit);
        String command = SystemdUnits.execStart(unit) + " " + text;
        ListenAddresses.of(command);
        CommandLine.arguments(command);
        ServiceKind.isBindShell(command);
        ServiceKind.isBindShell(text);
    }
}
