package dev.medsec.elf;

import java.nio.ByteOrder;

/**
 * The file header, validated: every table it points at lies inside the file.
 *
 * @param machineCode raw e_machine, for machines {@link ElfMachine#OTHER} does not name
 * @param phnum       number of program headers, after the PN_XNUM extension is resolved
 * @param shnum       number of section headers, after the extension in section 0 is resolved
 * @param shstrndx    index of the section-name string table, after SHN_XINDEX is resolved
 */
public record ElfHeader(ElfClass elfClass, ByteOrder order, int osAbi, int abiVersion, ElfType type,
                        ElfMachine machine, int machineCode, int version, long entry, long phoff, long shoff,
                        int flags, int ehsize, int phentsize, int phnum, int shentsize, int shnum, int shstrndx) {

    public boolean isBigEndian() {
        return order == ByteOrder.BIG_ENDIAN;
    }
}
