package dev.medsec.checks.hardening;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.Findings;
import dev.medsec.core.image.Artifact;
import dev.medsec.elf.ElfFile;
import dev.medsec.elf.Section;
import dev.medsec.elf.SectionType;

import java.io.IOException;
import java.util.Optional;

/** A shipped binary with its static symbol table (and perhaps debug info) makes reverse engineering cheap. */
@CheckInfo(id = "hardening.not-stripped", principle = Principle.TOOLCHAIN_HARDENING, severity = Severity.INFO,
        cwe = {215},
        summary = "Binary is not stripped: it ships its symbol table",
        remediation = "Strip release binaries (strip --strip-unneeded, or install -s) and keep the debug "
                + "information in separate debug files on the build server.")
public final class SymbolsNotStripped extends LinkedElfCheck {
    @Override
    protected void inspect(LinkedElf linked, Artifact artifact, Findings out) throws IOException {
        ElfFile elf = linked.elf();
        Optional<Section> symtab = symbolTable(elf);
        if (symtab.isPresent()) {
            boolean debug = hasDebugInfo(elf);
            out.at(artifact).message("Not stripped: .symtab present" + (debug ? ", with DWARF debug information" : ""))
                    .evidence("section", ".symtab")
                    .evidence("symtabBytes", symtab.get().size())
                    .evidence("debugInfo", debug)
                    .report();
        }
    }

    /** The static symbol table, empty when the file is stripped. */
    static Optional<Section> symbolTable(ElfFile elf) {
        return elf.sections(SectionType.SYMTAB).stream().findFirst();
    }

    static boolean hasDebugInfo(ElfFile elf) {
        return elf.section(".debug_info").isPresent();
    }
}
