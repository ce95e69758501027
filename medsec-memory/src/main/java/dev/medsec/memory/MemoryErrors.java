package dev.medsec.memory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Merges the errors of several runs or evidence files: one entry per program and fingerprint. */
public final class MemoryErrors {
    private MemoryErrors() {
    }

    /** A defect of a program at an image path, before it becomes a finding. */
    public record Located(String path, MemoryError error) {
    }

    public static List<Located> merge(List<Located> all) {
        Map<String, Located> byKey = new LinkedHashMap<>();
        for (Located l : all) {
            String key = l.path() + "\u0000" + l.error().fingerprintKey();
            byKey.merge(key, l, (a, b) -> new Located(a.path(), a.error().mergedWith(b.error())));
        }
        return new ArrayList<>(byKey.values());
    }
}
