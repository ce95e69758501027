package dev.medsec.elf;

/**
 * One property of a NT_GNU_PROPERTY_TYPE_0 note. For the AND-combined feature words the linker keeps a bit only
 * when every input object had it, so a set bit is proof that the whole binary was built with the feature.
 *
 * @param value the first 32 bits of the property data (all the feature properties are 32-bit), 0 when shorter
 */
public record GnuProperty(int type, int dataSize, int value) {
    public static final int X86_FEATURE_1_AND = 0xc0000002;
    public static final int AARCH64_FEATURE_1_AND = 0xc0000000;
    public static final int X86_FEATURE_1_IBT = 0x1;
    public static final int X86_FEATURE_1_SHSTK = 0x2;
    public static final int AARCH64_FEATURE_1_BTI = 0x1;
    public static final int AARCH64_FEATURE_1_PAC = 0x2;
}
