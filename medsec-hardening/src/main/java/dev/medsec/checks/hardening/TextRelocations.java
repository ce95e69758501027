package dev.medsec.checks.hardening;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.Findings;
import dev.medsec.core.image.Artifact;
import dev.medsec.elf.DynamicTag;
import dev.medsec.elf.ElfFile;
import dev.medsec.elf.ElfFormatException;

import java.io.IOException;
import java.util.Optional;

/** Text relocations make the loader write into code pages, which must then be writable (and are not shared). */
@CheckInfo(id = "hardening.textrel", principle = Principle.TOOLCHAIN_HARDENING, severity = Severity.MEDIUM,
        cwe = {693},
        summary = "Text relocations: code pages are made writable at load time",
        remediation = "Compile every object of the library or executable with -fPIC/-fPIE (including assembly); "
                + "link with -z text to make this an error.")
public final class TextRelocations extends LinkedElfCheck {
    @Override
    protected void inspect(LinkedElf linked, Artifact artifact, Findings out) throws IOException {
        if (!linked.elf().hasDynamicSection()) {
            return;
        }
        ElfFile elf = linked.elf();
        try {
            Optional<String> declared = declaration(elf);
            if (declared.isPresent()) {
                out.at(artifact).message("Dynamic section declares text relocations")
                        .evidence("dynamic", declared.get())
                        .report();
            }
        } catch (ElfFormatException e) {
            LinkedElf.unreadable(out, artifact, e);
        }
    }

    /** Where the dynamic section declares text relocations (DT_TEXTREL or DF_TEXTREL), empty when it does not. */
    static Optional<String> declaration(ElfFile elf) throws ElfFormatException {
        if (!elf.hasDynamicSection()) {
            return Optional.empty();
        }
        if (elf.hasDynamicTag(DynamicTag.TEXTREL)) {
            return Optional.of("DT_TEXTREL");
        }
        boolean flag = (elf.dynamicValue(DynamicTag.FLAGS).orElse(0) & DynamicTag.DF_TEXTREL) != 0;
        return flag ? Optional.of("DT_FLAGS DF_TEXTREL") : Optional.empty();
    }
}
