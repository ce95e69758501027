package dev.medsec.elf;

/** One entry of the dynamic section, as the loader sees it (d_tag, d_val/d_ptr). */
public record DynamicEntry(DynamicTag tag, long rawTag, long value) {
}
