package dev.medsec.checks.hardening;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.Findings;
import dev.medsec.core.image.Artifact;
import dev.medsec.elf.CompileUnit;
import dev.medsec.elf.DwarfUnits;
import dev.medsec.elf.ElfFile;
import dev.medsec.elf.ElfFormatException;
import dev.medsec.elf.ElfMachine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Audits the code-generation flags GCC records in each compile unit's DW_AT_producer (-grecord-gcc-switches, on
 * by default). GCC leaves warning options and -D/-U macros out of that string, so -Wall, -Werror and
 * _FORTIFY_SOURCE cannot be judged here (the fortify check on the binary covers the latter), and the PIE default
 * of a toolchain is not recorded either (the PIE check on the binary covers it). Judged: stack protector,
 * stack-clash protection, and x86 CET / AArch64 branch protection.
 */
@CheckInfo(id = "hardening.dwarf-build-flags", principle = Principle.TOOLCHAIN_HARDENING, severity = Severity.LOW,
        cwe = {693},
        summary = "Compile units (per DWARF DW_AT_producer) built without a hardening flag group",
        remediation = "Add the missing flags to the build's common compiler flags.")
public final class DwarfProducerAudit extends LinkedElfCheck {
    private static final Set<FlagGroup> JUDGED = EnumSet.of(FlagGroup.STACK_PROTECTOR, FlagGroup.STACK_CLASH,
            FlagGroup.CONTROL_FLOW);

    @Override
    protected void inspect(LinkedElf linked, Artifact artifact, Findings out) throws IOException {
        if (linked.elf().section(".debug_info").isEmpty()) {
            return;
        }
        ElfFile elf = linked.elf();
        List<CompileUnit> units;
        try {
            units = DwarfUnits.compileUnits(elf);
        } catch (ElfFormatException e) {
            out.error(artifact.path(), "unreadable DWARF: " + e.getMessage());
            return;
        }
        CompilerFlags.Arch arch = elf.machine() == ElfMachine.X86_64 || elf.machine() == ElfMachine.X86
                ? CompilerFlags.Arch.X86
                : elf.machine() == ElfMachine.AARCH64 ? CompilerFlags.Arch.AARCH64 : CompilerFlags.Arch.OTHER;
        FlagAudit audit = new FlagAudit();
        for (CompileUnit cu : units) {
            Optional<String> producer = cu.producer();
            // GCC's C/C++/Fortran front ends record switches; assemblers and Clang (without
            // -grecord-command-line) record none, so absence proves nothing for them.
            if (producer.isEmpty() || !producer.get().startsWith("GNU ") || producer.get().startsWith("GNU AS")) {
                continue;
            }
            List<String> args = new ArrayList<>(List.of(producer.get().split(" ")));
            Set<FlagGroup> missing = EnumSet.copyOf(CompilerFlags.missing(args, arch, true, false));
            missing.retainAll(JUDGED);
            audit.add(cu.name().orElse("<unit at " + cu.offset() + ">"), missing);
        }
        audit.report(g -> out.at(artifact), "GCC compile units", "DW_AT_producer in .debug_info", "");
    }
}
