package dev.medsec.checks.hardening;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.FileCheck;
import dev.medsec.core.check.Findings;
import dev.medsec.core.image.Artifact;
import dev.medsec.elf.ElfFile;
import dev.medsec.elf.ProgramHeader;
import dev.medsec.elf.SegmentType;

import java.io.IOException;
import java.util.Optional;

/** An ET_EXEC executable loads at a fixed address, so ASLR cannot move its code and data. */
@CheckInfo(id = "hardening.no-pie", principle = Principle.TOOLCHAIN_HARDENING, severity = Severity.MEDIUM,
        cwe = {1188, 693},
        summary = "Executable is not position-independent (ASLR cannot randomise its code)",
        remediation = "Compile with -fPIE and link with -pie (or -static-pie for static executables).")
public final class NotPositionIndependent implements FileCheck {
    @Override
    public boolean appliesTo(Artifact artifact) {
        return LinkedElf.appliesTo(artifact);
    }

    @Override
    public void inspect(Artifact artifact, Findings out) throws IOException {
        // This check is the one that reports unreadable ELF files, once per file.
        Optional<LinkedElf> le = LinkedElf.of(artifact, Optional.of(out));
        if (le.isEmpty()) {
            return;
        }
        Linkage l = le.get().linkage();
        if (l == Linkage.STATIC_EXECUTABLE || l == Linkage.DYNAMIC_EXECUTABLE) {
            ElfFile elf = le.get().elf();
            out.at(artifact)
                    .message("Executable is not position-independent (e_type ET_EXEC, " + l.label()
                            + "); it is always loaded at 0x" + Long.toHexString(lowestLoadAddress(elf)))
                    .evidence("e_type", "ET_EXEC")
                    .evidence("linkage", l.label())
                    .evidence("machine", elf.machine().name())
                    .report();
        }
    }

    private static long lowestLoadAddress(ElfFile elf) {
        return elf.segments(SegmentType.LOAD).stream().mapToLong(ProgramHeader::vaddr).min().orElse(0);
    }
}
