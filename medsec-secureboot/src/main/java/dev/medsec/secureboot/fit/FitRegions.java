package dev.medsec.secureboot.fit;

import dev.medsec.formats.MalformedFormatException;
import dev.medsec.formats.fdt.Fdt;
import dev.medsec.formats.fdt.FdtToken;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The byte regions of a FIT that a configuration signature covers, selected the way U-Boot selects them when
 * it signs ({@code fit_config_get_data}) and verifies ({@code fit_config_check_sig}): walk the structure
 * block; a node whose path is listed in {@code hashed-nodes} is included whole (its tags and properties,
 * except the payload properties {@code data}, {@code data-size}, {@code data-position}, {@code data-offset}),
 * a direct subnode of an included node contributes only its begin/end tags and name, adjacent pieces merge;
 * then the end tag, then the first {@code hashed-strings} bytes of the strings block. A single byte of
 * difference from U-Boot's selection would make every genuine signature fail, so the rules are kept exact.
 */
public final class FitRegions {
    /** Properties never hashed: the payload is covered by the image's own hash node instead. */
    public static final Set<String> EXCLUDED_PROPERTIES = Set.of("data", "data-size", "data-position", "data-offset");

    /** One region: absolute offset into the blob and its length. */
    public record Region(int offset, int size) {
    }

    private FitRegions() {
    }

    /**
     * @param includedPaths the signature's hashed-nodes
     * @param stringsSize   the second cell of hashed-strings; its offset is always 0 (U-Boot ignores the first cell)
     */
    public static List<Region> configRegions(Fdt fdt, Set<String> includedPaths, int stringsSize)
            throws MalformedFormatException {
        int base = fdt.offDtStruct();
        List<Region> regions = new ArrayList<>();
        int[] stack = new int[Fdt.MAX_DEPTH];
        int depth = -1;
        int want = 0;
        int start = -1;
        StringBuilder path = new StringBuilder();
        int lastNext = 0;
        for (FdtToken t : fdt.tokens()) {
            int offset = t.offset();
            int stopAt = t.nextOffset();
            boolean include = false;
            switch (t.tag()) {
                case FdtToken.PROP:
                    include = want >= 2 && !EXCLUDED_PROPERTIES.contains(t.name());
                    stopAt = offset;
                    break;
                case FdtToken.NOP:
                    include = want >= 2;
                    stopAt = offset;
                    break;
                case FdtToken.BEGIN_NODE:
                    depth++;
                    if (depth >= Fdt.MAX_DEPTH) {
                        throw new MalformedFormatException("FIT: nesting too deep for region selection");
                    }
                    if (path.length() != 1) {
                        path.append('/');
                    }
                    path.append(t.name());
                    stack[depth] = want;
                    if (want == 1) {
                        stopAt = offset;
                    }
                    if (includedPaths.contains(path.toString())) {
                        want = 2;
                    } else if (want > 0) {
                        want--;
                    } else {
                        stopAt = offset;
                    }
                    include = want > 0;
                    break;
                case FdtToken.END_NODE:
                    if (depth < 0) {
                        throw new MalformedFormatException("FIT: unbalanced nodes in region selection");
                    }
                    include = want > 0;
                    want = stack[depth--];
                    int slash = path.lastIndexOf("/");
                    path.setLength(Math.max(slash, 0));
                    break;
                case FdtToken.END:
                    include = true;
                    break;
                default:
                    throw new MalformedFormatException("FIT: unexpected tag " + t.tag());
            }
            if (include && start == -1) {
                Region prev = regions.isEmpty() ? null : regions.get(regions.size() - 1);
                if (prev != null && offset == prev.offset() + prev.size() - base) {
                    // contiguous with the previous region: extend it rather than start a new one
                    regions.remove(regions.size() - 1);
                    start = prev.offset() - base;
                } else {
                    start = offset;
                }
            }
            if (!include && start != -1) {
                regions.add(new Region(base + start, stopAt - start));
                start = -1;
            }
            lastNext = t.nextOffset();
        }
        regions.add(new Region(base + start, lastNext - start));
        if (stringsSize < 0 || stringsSize > fdt.sizeDtStrings()) {
            throw new MalformedFormatException("FIT: hashed-strings size " + Integer.toUnsignedString(stringsSize)
                    + " exceeds the strings block (" + fdt.sizeDtStrings() + " bytes)");
        }
        regions.add(new Region(fdt.offDtStrings(), stringsSize));
        return regions;
    }
}
