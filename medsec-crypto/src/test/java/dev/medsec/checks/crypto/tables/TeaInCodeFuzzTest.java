package dev.medsec.checks.crypto.tables;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.medsec.core.content.MultiPatternMatcher;
import dev.medsec.elf.ElfFile;
import dev.medsec.elf.ElfFormatException;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The TEA decoder on hostile ELF files: section tables that claim bytes the file lacks, symbols outside their
 * sections, pairs cut off at the end of code. It must never throw. Seeded with stripped TEA and XXTEA binaries
 * built by the cross compilers (MIPS, Thumb-2).
 */
class TeaInCodeFuzzTest {
    private static final MultiPatternMatcher MATCHER = new MultiPatternMatcher(TeaInCode.patterns());

    @FuzzTest(maxDuration = "30s")
    void find_arbitraryElf_neverThrows(byte[] data) {
        ByteBuffer file = ByteBuffer.wrap(data);
        ElfFile elf;
        try {
            elf = ElfFile.parse(file);
        } catch (ElfFormatException | RuntimeException e) {
            return;
        }
        List<Long> anchors = new ArrayList<>();
        MATCHER.scan(file.duplicate(), (index, offset) -> anchors.add(offset));
        List<Long> literals = new ArrayList<>();
        for (int i = 0; i + 4 <= data.length; i++) {
            int w = file.getInt(i);
            if (w == TeaInCode.DELTA || w == TeaInCode.DELTA_NEG || Integer.reverseBytes(w) == TeaInCode.DELTA) {
                literals.add((long) i);
            }
        }
        TeaInCode.find(elf, file, anchors, literals);
    }
}
