package dev.medsec.formats.fdt;

/**
 * One tag of the structure block as libfdt's {@code fdt_next_tag} sees it: the tag, its offset and the offset
 * of the next tag (both relative to the structure block), and the node or property name. Region selection
 * for FIT configuration signatures walks these exactly as U-Boot walks the blob.
 */
public record FdtToken(int tag, int offset, int nextOffset, String name) {
    public static final int BEGIN_NODE = 1;
    public static final int END_NODE = 2;
    public static final int PROP = 3;
    public static final int NOP = 4;
    public static final int END = 9;
}
