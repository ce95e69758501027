package dev.medsec.elf;

import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The reader against binaries made by the real compilers for four architectures, both byte orders. */
class ElfFileRealBinariesTest {
    private static final String APP = """
            #include <stdio.h>
            #include <string.h>
            extern int lib_answer(void);
            static const char banner[] = "medsec-rodata-marker";
            int main(int argc, char **argv) {
                char b[64];
                strcpy(b, argv[0]);
                printf("%s %s %d\\n", banner, b, lib_answer());
                return 0;
            }
            """;
    private static final String LIB = "int lib_answer(void) { return 42; }\n";

    @TempDir
    static Path dir;

    @BeforeAll
    static void build() throws IOException {
        Files.writeString(dir.resolve("app.c"), APP);
        Files.writeString(dir.resolve("lib.c"), LIB);
    }

    private static ElfFile compile(String cc, String out, String... flags) throws IOException {
        Tools.require(cc);
        StringBuilder cmd = new StringBuilder(cc).append(" -O2 -D_FORTIFY_SOURCE=2 -fstack-protector-strong");
        for (String f : flags) {
            cmd.append(' ').append(f);
        }
        Tools.sh(dir, cc + " -O2 -shared -fPIC -Wl,-soname,libanswer.so.1 -o libanswer-" + out + ".so lib.c");
        Tools.sh(dir, cmd + " -o " + out + " app.c -L. -l:libanswer-" + out + ".so -Wl,-rpath,/opt/medsec/lib");
        return ElfFile.parse(ByteBuffer.wrap(Files.readAllBytes(dir.resolve(out))));
    }

    @Test
    void parse_x86_64Pie_typedHeaderImportsAndDynamic() throws IOException {
        ElfFile elf = compile("gcc", "x86-64-pie", "-fPIE -pie");
        assertThat(elf.elfClass()).isEqualTo(ElfClass.ELF64);
        assertThat(elf.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
        assertThat(elf.machine()).isEqualTo(ElfMachine.X86_64);
        assertThat(elf.type()).isEqualTo(ElfType.SHARED_OBJECT);
        assertThat(elf.interpreter()).hasValueSatisfying(i -> assertThat(i).startsWith("/lib"));
        assertThat(elf.needed()).contains("libc.so.6").anyMatch(n -> n.startsWith("libanswer"));
        assertThat(elf.runpath().or(() -> rpathOrEmpty(elf))).hasValue("/opt/medsec/lib");
        assertThat(elf.importedSymbolNames()).contains("__strcpy_chk", "lib_answer", "__stack_chk_fail");
        assertThat(elf.dynamicValue(DynamicTag.FLAGS_1)).isPresent();
        assertThat(elf.dynamicValue(DynamicTag.FLAGS_1).getAsLong() & DynamicTag.DF_1_PIE).isNotZero();
        assertThat(elf.segment(SegmentType.GNU_STACK)).hasValueSatisfying(p -> assertThat(p.isExecutable()).isFalse());
        assertThat(elf.buildId()).isPresent();
        assertThat(elf.definedSymbols()).anyMatch(s -> s.name().equals("main") && s.table() == Symbol.Table.STATIC);
        ByteBuffer rodata = elf.sectionBytes(".rodata").orElseThrow();
        assertThat(contains(rodata, "medsec-rodata-marker")).isTrue();
    }

    private static java.util.Optional<String> rpathOrEmpty(ElfFile elf) {
        try {
            return elf.rpath();
        } catch (ElfFormatException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void parse_sharedLibrary_sonameAndDefinedDynamicSymbol() throws IOException {
        compile("gcc", "x86-64-lib");
        ElfFile lib = ElfFile.parse(ByteBuffer.wrap(Files.readAllBytes(dir.resolve("libanswer-x86-64-lib.so"))));
        assertThat(lib.soname()).hasValue("libanswer.so.1");
        assertThat(lib.interpreter()).isEmpty();
        assertThat(lib.dynamicSymbols()).anyMatch(s -> s.name().equals("lib_answer") && s.isDefined()
                && s.kind() == Symbol.Kind.FUNC && s.binding() == Symbol.Binding.GLOBAL);
    }

    @Test
    void parse_aarch64_machineAndImports() throws IOException {
        ElfFile elf = compile("aarch64-linux-gnu-gcc", "aarch64", "-mbranch-protection=standard");
        assertThat(elf.machine()).isEqualTo(ElfMachine.AARCH64);
        assertThat(elf.elfClass()).isEqualTo(ElfClass.ELF64);
        assertThat(elf.importedSymbolNames()).contains("__strcpy_chk");
        // crt files of bookworm's cross toolchain are not all BTI-marked, so only the property's presence is stable.
        assertThat(elf.notes()).anyMatch(n -> n.owner().equals("GNU"));
    }

    @Test
    void parse_armhf_elf32LittleEndian() throws IOException {
        ElfFile elf = compile("arm-linux-gnueabihf-gcc", "armhf");
        assertThat(elf.machine()).isEqualTo(ElfMachine.ARM);
        assertThat(elf.elfClass()).isEqualTo(ElfClass.ELF32);
        assertThat(elf.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
        assertThat(elf.importedSymbolNames()).contains("__strcpy_chk", "lib_answer");
        assertThat(elf.needed()).contains("libc.so.6");
    }

    @Test
    void parse_mipsBigEndian_elf32BigEndianSymbolsAndDynamic() throws IOException {
        ElfFile elf = compile("mips-linux-gnu-gcc", "mips");
        assertThat(elf.machine()).isEqualTo(ElfMachine.MIPS);
        assertThat(elf.elfClass()).isEqualTo(ElfClass.ELF32);
        assertThat(elf.header().isBigEndian()).isTrue();
        assertThat(elf.importedSymbolNames()).contains("__strcpy_chk", "lib_answer");
        assertThat(elf.rpath().or(() -> runpathOrEmpty(elf))).hasValue("/opt/medsec/lib");
        assertThat(contains(elf.sectionBytes(".rodata").orElseThrow(), "medsec-rodata-marker")).isTrue();
    }

    private static java.util.Optional<String> runpathOrEmpty(ElfFile elf) {
        try {
            return elf.runpath();
        } catch (ElfFormatException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void parse_staticBinary_noDynamicButStaticSymbols() throws IOException {
        Tools.require("gcc");
        Tools.sh(dir, "gcc -O2 -static -o static-x86 lib.c -x c - <<'E'\nint lib_answer(void); int main(void){return lib_answer();}\nE");
        ElfFile elf = ElfFile.parse(ByteBuffer.wrap(Files.readAllBytes(dir.resolve("static-x86"))));
        assertThat(elf.type()).isEqualTo(ElfType.EXECUTABLE);
        assertThat(elf.interpreter()).isEmpty();
        assertThat(elf.hasDynamicSection()).isFalse();
        assertThat(elf.dynamicEntries()).isEmpty();
        assertThat(elf.importedSymbols()).isEmpty();
        assertThat(elf.hasStaticSymbolTable()).isTrue();
        assertThat(elf.staticSymbols()).anyMatch(s -> s.name().equals("lib_answer") && s.isDefined());
    }

    @Test
    void parse_sectionHeadersRemoved_dynamicSymbolsFromHashTable() throws IOException {
        ElfFile full = compile("gcc", "x86-64-nosh");
        byte[] b = Files.readAllBytes(dir.resolve("x86-64-nosh"));
        ByteBuffer w = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        w.putLong(40, 0);          // e_shoff: no section header table, like sstrip'ed firmware
        w.putShort(60, (short) 0); // e_shnum
        w.putShort(62, (short) 0); // e_shstrndx
        ElfFile stripped = ElfFile.parse(ByteBuffer.wrap(b));
        assertThat(stripped.sections()).isEmpty();
        assertThat(stripped.importedSymbolNames()).isEqualTo(full.importedSymbolNames());
        assertThat(stripped.needed()).isEqualTo(full.needed());
    }

    private static boolean contains(ByteBuffer b, String text) {
        byte[] needle = text.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = b.position(); i <= b.limit() - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (b.get(i + j) != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
