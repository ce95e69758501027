package dev.medsec.checks.hardening;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.SoupTreatment;
import dev.medsec.core.check.Findings;
import dev.medsec.core.image.Artifact;
import dev.medsec.elf.Symbol;

import java.io.IOException;
import java.util.List;

/**
 * Judges the stack-protector evidence of {@link CanaryEvidence}: imports for dynamic files, the calls of
 * {@code main} for static ones. (checksec looks for the import only and so reports every static binary as
 * unprotected.)
 */
@CheckInfo(id = "hardening.no-stack-canary", soup = SoupTreatment.ROLL_UP_AT_MOST_LOW, principle = Principle.TOOLCHAIN_HARDENING, severity = Severity.MEDIUM,
        cwe = {121, 693},
        summary = "No stack canary: stack buffer overflows overwrite the return address undetected",
        remediation = "Compile with -fstack-protector-strong (or -fstack-protector-all).")
public final class NoStackCanary extends LinkedElfCheck {
    @Override
    protected void inspect(LinkedElf linked, Artifact artifact, Findings out) throws IOException {
        Linkage linkage = linked.linkage();
        CanaryEvidence canary;
        try {
            canary = artifact.view(CanaryEvidence.VIEW);
        } catch (IOException e) {
            LinkedElf.unreadable(out, artifact, e);
            return;
        }
        switch (canary.kind()) {
            case NONE -> out.at(artifact).message("No stack canary: none of " + sorted() + " is imported")
                    .evidence("linkage", linkage.label())
                    .evidence("symbols", "no import of " + sorted())
                    .report();
            // No symbol says where main is: the protection cannot be verified, which an audit must know.
            case STRIPPED_STATIC -> out.at(artifact).severity(Severity.INFO)
                    .message("Stack canary not determined: statically linked and stripped, so the program's own "
                            + "functions cannot be told from the C library's")
                    .evidence("linkage", linkage.label())
                    .evidence("determined", false)
                    .evidence("symbols", "no .symtab; nothing imported")
                    .report();
            case NO_HANDLER_LINKED -> out.at(artifact)
                    .message("No stack canary: statically linked and __stack_chk_fail is not linked in, "
                            + "so no function checks a canary")
                    .evidence("linkage", linkage.label())
                    .evidence("symbols", "__stack_chk_fail not defined in .symtab")
                    .report();
            case MAIN_WITHOUT_CANARY -> {
                Symbol main = canary.main().orElseThrow();
                out.at(artifact).severity(Severity.LOW)
                        .message("No stack canary in main: statically linked; __stack_chk_fail is linked in (C library "
                                + "functions use it) but main never calls it")
                        .evidence("linkage", linkage.label())
                        .evidence("symbols", "__stack_chk_fail defined; no call to it from main")
                        .evidence("main", "0x" + Long.toHexString(main.value()) + ", " + main.size() + " bytes")
                        .evidence("note", "with -fstack-protector-strong a main without arrays or address-taken locals "
                                + "has no canary even when the program was built with the flag")
                        .report();
            }
            default -> {
                // a canary is present, or (static, main not decodable) nothing sound can be said against it
            }
        }
    }

    private static List<String> sorted() {
        return CanaryEvidence.CANARY_SYMBOLS.stream().sorted().toList();
    }
}
