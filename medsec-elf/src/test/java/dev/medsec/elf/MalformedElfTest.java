package dev.medsec.elf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Hand-built headers, corrupted one field at a time: each gives the declared exception with a clear message. */
class MalformedElfTest {

    static Stream<MiniElf> layouts() {
        return Stream.of(new MiniElf(true, ByteOrder.LITTLE_ENDIAN), new MiniElf(false, ByteOrder.BIG_ENDIAN),
                new MiniElf(false, ByteOrder.LITTLE_ENDIAN), new MiniElf(true, ByteOrder.BIG_ENDIAN));
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void parse_validHandBuiltFile_readsEverything(MiniElf m) throws ElfFormatException {
        ElfFile elf = ElfFile.parse(ByteBuffer.wrap(m.build()));
        assertThat(elf.elfClass()).isEqualTo(m.wide ? ElfClass.ELF64 : ElfClass.ELF32);
        assertThat(elf.order()).isEqualTo(m.order);
        assertThat(elf.type()).isEqualTo(ElfType.SHARED_OBJECT);
        assertThat(elf.interpreter()).hasValue(MiniElf.INTERP);
        assertThat(elf.needed()).containsExactly("libc.so.6");
        assertThat(elf.section(".dynstr")).isPresent();
        assertThat(elf.dynamicSymbols()).isEmpty();
        ElfExercise.all(elf);
    }

    /** One corruption: what it changes and a fragment of the message it must produce. */
    record Corruption(String field, BiConsumer<MiniElf, ByteBuffer> apply, String message) {
        @Override
        public String toString() {
            return field;
        }
    }

    static Stream<Arguments> corruptions() {
        Corruption[] all = {
            new Corruption("magic", (m, b) -> b.put(1, (byte) 'X'), "not an ELF file"),
            new Corruption("EI_CLASS", (m, b) -> b.put(4, (byte) 3), "invalid EI_CLASS"),
            new Corruption("EI_DATA", (m, b) -> b.put(5, (byte) 0), "invalid EI_DATA"),
            new Corruption("e_phoff past end", (m, b) -> word(m, b, m.ehField(32, 28), 0x7fff_0000L),
                    "program header table"),
            new Corruption("e_phnum huge", (m, b) -> b.putShort(m.ehField(56, 44), (short) 0xfff0),
                    "program header table"),
            new Corruption("e_phentsize tiny", (m, b) -> b.putShort(m.ehField(54, 42), (short) 8), "e_phentsize"),
            new Corruption("e_shoff past end", (m, b) -> word(m, b, m.ehField(40, 32), 0x7fff_0000L),
                    "section header"),
            new Corruption("e_shentsize tiny", (m, b) -> b.putShort(m.ehField(58, 46), (short) 10), "e_shentsize"),
            new Corruption("e_shnum huge", (m, b) -> b.putShort(m.ehField(60, 48), (short) 0x7000),
                    "section header table"),
            new Corruption("extended e_shnum in section 0", (m, b) -> {
                b.putShort(m.ehField(60, 48), (short) 0);
                word(m, b, m.shField(0, 32, 20), 0x10_0000L);
            }, "extended section count"),
            new Corruption("sh_offset of .dynstr past end", (m, b) -> word(m, b, m.shField(1, 24, 16), 0x7fff_0000L),
                    "section 1 contents"),
            new Corruption("sh_size of .shstrtab huge", (m, b) -> word(m, b, m.shField(2, 32, 20), 0x7fff_0000L),
                    "section 2 contents"),
            new Corruption("sh_name past name table", (m, b) -> b.putInt(m.shField(1, 0, 0), 0x1000),
                    "outside the section name table"),
            new Corruption("PT_INTERP unterminated", (m, b) -> word(m, b, m.phField(1, 32, 16), 3),
                    "not terminated"),
            new Corruption("PT_INTERP p_offset past end", (m, b) -> word(m, b, m.phField(1, 8, 4), 0x7fff_0000L),
                    "PT_INTERP"),
            new Corruption("PT_DYNAMIC p_filesz huge", (m, b) -> word(m, b, m.phField(2, 32, 16), 0x7fff_0000L),
                    "dynamic section"),
            new Corruption("DT_NEEDED string offset past DT_STRSZ",
                    (m, b) -> word(m, b, m.dynamicOff + m.dynent / 2, 0x4000), "outside the dynamic string table"),
            new Corruption("DT_STRSZ past end", (m, b) -> word(m, b, m.dynamicOff + 2 * m.dynent + m.dynent / 2,
                    0x7fff_0000L), "DT_STRTAB"),
        };
        return layouts().flatMap(m -> Arrays.stream(all).map(c -> Arguments.of(m, c)));
    }

    private static void word(MiniElf m, ByteBuffer b, int off, long v) {
        if (m.wide) {
            b.putLong(off, v);
        } else {
            b.putInt(off, (int) v);
        }
    }

    @ParameterizedTest(name = "{1} ({0})")
    @MethodSource("corruptions")
    void parse_corruptField_declaredExceptionNamingTheField(MiniElf m, Corruption c) {
        byte[] bytes = m.build();
        c.apply().accept(m, ByteBuffer.wrap(bytes).order(m.order));
        assertThatThrownBy(() -> ElfExercise.all(ElfFile.parse(ByteBuffer.wrap(bytes))))
                .isInstanceOf(ElfFormatException.class)
                .hasMessageContaining(c.message());
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void parse_everyTruncation_parsesOrDeclaredException(MiniElf m) {
        byte[] full = m.build();
        for (int len = 0; len < full.length; len++) {
            ElfExercise.parseAll(Arrays.copyOf(full, len));
        }
    }

    @Test
    void parse_truncatedHeader_declaredException() {
        byte[] full = new MiniElf(true, ByteOrder.LITTLE_ENDIAN).build();
        assertThatThrownBy(() -> ElfFile.parse(ByteBuffer.wrap(Arrays.copyOf(full, 40))))
                .isInstanceOf(ElfFormatException.class).hasMessageContaining("ELF header");
    }

    @Test
    void parse_noteRunningPastSegment_declaredException() {
        MiniElf m = new MiniElf(true, ByteOrder.LITTLE_ENDIAN);
        byte[] bytes = m.build();
        ByteBuffer b = ByteBuffer.wrap(bytes).order(m.order);
        b.putInt(m.phField(1, 0, 0), 4);         // PT_INTERP becomes PT_NOTE over the interpreter string
        b.putInt(m.interpOff, 4);                // namesz 4
        b.putInt(m.interpOff + 4, 0x7fff_fff0);  // descsz far beyond the segment
        b.putInt(m.interpOff + 8, 3);            // type NT_GNU_BUILD_ID
        word(m, b, m.phField(1, 32, 16), 12);     // p_filesz: exactly one note header
        assertThatThrownBy(() -> ElfFile.parse(ByteBuffer.wrap(bytes)).notes())
                .isInstanceOf(ElfFormatException.class).hasMessageContaining("runs past its end");
    }

    @Test
    void parse_failureIsCachedAndRethrown() throws ElfFormatException {
        MiniElf m = new MiniElf(true, ByteOrder.LITTLE_ENDIAN);
        byte[] bytes = m.build();
        word(m, ByteBuffer.wrap(bytes).order(m.order), m.phField(2, 32, 16), 0x7fff_0000L);
        ElfFile elf = ElfFile.parse(ByteBuffer.wrap(bytes));
        assertThatThrownBy(elf::dynamicEntries).isInstanceOf(ElfFormatException.class);
        assertThatThrownBy(elf::needed).isInstanceOf(ElfFormatException.class).hasMessageContaining("dynamic section");
    }
}
