package dev.medsec.elf;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the whole reader: any input must parse or fail with {@link ElfFormatException}; any other exception,
 * a hang or an allocation beyond the input's size is a bug. Under {@code mvn verify} this runs in regression mode
 * over the committed corpus in {@code ElfFileFuzzTestInputs/parse} (real cross-compiled binaries, truncations
 * and kept crashers); {@code JAZZER_FUZZ=1} fuzzes for new inputs.
 */
class ElfFileFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void parse(byte[] data) {
        ElfExercise.parseAll(data);
    }
}
