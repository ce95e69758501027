package dev.medsec.sbom.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the paragraph format of Debian control files, dpkg and opkg status files ({@code Field: value} lines,
 * continuation lines starting with a blank, paragraphs separated by empty lines) and apk's installed database
 * ({@code P:name} lines, with {@code separator} ':' and no space). Field values other than the first line of
 * multi-line fields are not needed for identification and are dropped, which keeps memory per paragraph small.
 */
final class ControlStanzas {
    /** A status file larger than this is not a package database we can trust; refuse rather than exhaust memory. */
    static final long MAX_BYTES = 256L * 1024 * 1024;
    private static final int MAX_LINE = 1 << 20;

    private ControlStanzas() {
    }

    static List<Map<String, String>> parse(InputStream in) throws IOException {
        List<Map<String, String>> out = new ArrayList<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        Map<String, String> cur = new LinkedHashMap<>();
        String line;
        while ((line = r.readLine()) != null) {
            if (line.length() > MAX_LINE) {
                throw new IOException("line longer than " + MAX_LINE + " characters");
            }
            if (line.isBlank()) {
                if (!cur.isEmpty()) {
                    out.add(cur);
                    cur = new LinkedHashMap<>();
                }
                continue;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t' || line.charAt(0) == '#') {
                continue; // continuation of a multi-line field, or a comment
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String key = line.substring(0, colon);
            String value = line.substring(colon + 1).trim();
            cur.putIfAbsent(key, value);
        }
        if (!cur.isEmpty()) {
            out.add(cur);
        }
        return out;
    }
}
