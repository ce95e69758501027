package dev.medsec.elf;

import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DwarfUnitsTest {
    @TempDir
    Path dir;

    private ElfFile build(String cc, String flags) throws IOException {
        Tools.require(cc);
        Files.writeString(dir.resolve("unit.c"), "#include <stdio.h>\nint main(void) { char b[8]; "
                + "snprintf(b, sizeof b, \"%d\", 1); puts(b); return 0; }\n");
        Tools.sh(dir, cc + " " + flags + " -o unit unit.c");
        return ElfFile.parse(ByteBuffer.wrap(Files.readAllBytes(dir.resolve("unit"))));
    }

    @ParameterizedTest
    @CsvSource({
        "gcc, -gdwarf-5",
        "gcc, -gdwarf-4",
        "gcc, -gdwarf-2",
        "gcc, -gdwarf-5 -gz=zlib",
        "aarch64-linux-gnu-gcc, -gdwarf-5",
        "arm-linux-gnueabihf-gcc, -gdwarf-4",
        "mips-linux-gnu-gcc, -gdwarf-5",
        "mips-linux-gnu-gcc, -gdwarf-3 -gz=zlib",
    })
    void compileUnits_realDebugInfo_producerWithSwitches(String cc, String debug) throws IOException {
        ElfFile elf = build(cc, debug + " -O1 -fstack-protector-all");
        List<CompileUnit> units = DwarfUnits.compileUnits(elf);
        assertThat(units).anySatisfy(u -> {
            assertThat(u.name()).hasValue("unit.c");
            assertThat(u.producer()).hasValueSatisfying(p -> assertThat(p).startsWith("GNU C")
                    .contains("-O1").contains("-fstack-protector-all"));
            assertThat(u.compDir()).isPresent();
        });
    }

    @Test
    void compileUnits_splitDwarfSkeleton_parsesWithoutProducer() throws IOException {
        // The producer of a split unit lives in the .dwo file, which is not shipped in the binary.
        List<CompileUnit> units = DwarfUnits.compileUnits(build("gcc", "-gdwarf-5 -gsplit-dwarf"));
        assertThat(units).isNotEmpty().allSatisfy(u -> assertThat(u.producer()).isEmpty());
    }

    @Test
    void compileUnits_noDebugInfo_empty() throws IOException {
        assertThat(DwarfUnits.compileUnits(build("gcc", "-g0"))).isEmpty();
    }

    @Test
    void compileUnits_unitLengthPastSection_declaredException() throws IOException {
        ElfFile elf = build("gcc", "-gdwarf-5");
        Section info = elf.section(".debug_info").orElseThrow();
        byte[] bytes = Files.readAllBytes(dir.resolve("unit"));
        ByteBuffer.wrap(bytes).order(elf.order()).putInt((int) info.offset(), 0x7fff_0000); // unit_length
        ElfFile bad = ElfFile.parse(ByteBuffer.wrap(bytes));
        assertThatThrownBy(() -> DwarfUnits.compileUnits(bad)).isInstanceOf(ElfFormatException.class)
                .hasMessageContaining("runs past the section");
    }

    @Test
    void compileUnits_abbrevOffsetPastSection_declaredException() throws IOException {
        ElfFile elf = build("gcc", "-gdwarf-4");
        Section info = elf.section(".debug_info").orElseThrow();
        byte[] bytes = Files.readAllBytes(dir.resolve("unit"));
        // DWARF 4 header: unit_length(4) version(2) debug_abbrev_offset(4)
        ByteBuffer.wrap(bytes).order(elf.order()).putInt((int) info.offset() + 6, 0x7fff_0000);
        ElfFile bad = ElfFile.parse(ByteBuffer.wrap(bytes));
        assertThatThrownBy(() -> DwarfUnits.compileUnits(bad)).isInstanceOf(ElfFormatException.class)
                .hasMessageContaining("abbreviation offset");
    }

    @Test
    void compileUnits_unsupportedVersion_declaredException() throws IOException {
        ElfFile elf = build("gcc", "-gdwarf-5");
        Section info = elf.section(".debug_info").orElseThrow();
        byte[] bytes = Files.readAllBytes(dir.resolve("unit"));
        ByteBuffer.wrap(bytes).order(elf.order()).putShort((int) info.offset() + 4, (short) 9); // version
        ElfFile bad = ElfFile.parse(ByteBuffer.wrap(bytes));
        assertThatThrownBy(() -> DwarfUnits.compileUnits(bad)).isInstanceOf(ElfFormatException.class)
                .hasMessageContaining("unsupported DWARF version 9");
    }
}
