package dev.medsec.checks.hardening;

import dev.medsec.core.check.Findings;
import dev.medsec.core.image.Artifact;
import dev.medsec.elf.ElfFile;
import dev.medsec.elf.ElfFormatException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Shared by the checks that read a GNU_PROPERTY_*_FEATURE_1_AND note (x86 CET, AArch64 BTI/PAC): the linker
 * keeps a feature bit only when every input object had it, so each missing bit is one missing protection.
 */
final class MissingFeatureBits {
    private MissingFeatureBits() {
    }

    /**
     * Reports one finding listing the features of {@code bits} (bit mask to feature name, in report order)
     * that the file's {@code propertyType} note lacks; nothing when all are present.
     */
    static void report(Artifact artifact, ElfFile elf, Findings out, int propertyType, String propertyName,
                       Map<Long, String> bits, String messagePrefix) {
        try {
            OptionalLong present = elf.gnuFeatureBits(propertyType);
            long v = present.orElse(0);
            List<String> missing = new ArrayList<>();
            features(v, bits).forEach((name, on) -> {
                if (!on) {
                    missing.add(name);
                }
            });
            if (!missing.isEmpty()) {
                out.at(artifact).message(messagePrefix + String.join(" and ", missing))
                        .evidence("property", present.isPresent()
                                ? propertyName + "=0x" + Long.toHexString(v)
                                : "no " + propertyName + " note")
                        .evidence("missing", missing)
                        .report();
            }
        } catch (ElfFormatException e) {
            LinkedElf.unreadable(out, artifact, e);
        }
    }

    /** Each feature of {@code bits} (in report order) and whether {@code value} has its bit. */
    static Map<String, Boolean> features(long value, Map<Long, String> bits) {
        Map<String, Boolean> m = new LinkedHashMap<>();
        bits.forEach((mask, name) -> m.put(name, (value & mask) != 0));
        return m;
    }

    static Map<Long, String> named(long mask1, String name1, long mask2, String name2) {
        Map<Long, String> m = new LinkedHashMap<>();
        m.put(mask1, name1);
        m.put(mask2, name2);
        return m;
    }
}
