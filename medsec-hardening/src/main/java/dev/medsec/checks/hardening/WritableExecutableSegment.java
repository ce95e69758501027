package dev.medsec.checks.hardening;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.Findings;
import dev.medsec.core.image.Artifact;
import dev.medsec.elf.ElfFile;
import dev.medsec.elf.ProgramHeader;
import dev.medsec.elf.SegmentType;

import java.io.IOException;
import java.util.List;

/** A loadable segment mapped both writable and executable defeats W^X: a write primitive becomes code execution. */
@CheckInfo(id = "hardening.writable-executable-segment", principle = Principle.TOOLCHAIN_HARDENING,
        severity = Severity.HIGH, cwe = {693, 119},
        summary = "A loadable segment is both writable and executable (W^X violated)",
        remediation = "Do not link with -N/--omit-magic/-z execstack-style scripts; keep code and data in separate "
                + "segments (default linker scripts, -z separate-code).")
public final class WritableExecutableSegment extends LinkedElfCheck {
    @Override
    protected void inspect(LinkedElf linked, Artifact artifact, Findings out) throws IOException {
        List<ProgramHeader> wx = writableExecutable(linked.elf());
        if (!wx.isEmpty()) {
            ProgramHeader p = wx.get(0);
            out.at(artifact)
                    .message(wx.size() + " PT_LOAD segment(s) writable and executable, first at 0x"
                            + Long.toHexString(p.vaddr()))
                    .evidence("segment", "PT_LOAD #" + p.index())
                    .evidence("flags", p.flagString())
                    .evidence("vaddr", "0x" + Long.toHexString(p.vaddr()))
                    .evidence("count", wx.size())
                    .report();
        }
    }

    /** The PT_LOAD segments mapped both writable and executable. */
    static List<ProgramHeader> writableExecutable(ElfFile elf) {
        return elf.segments(SegmentType.LOAD).stream().filter(p -> p.isWritable() && p.isExecutable()).toList();
    }
}
