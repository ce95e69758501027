package dev.medsec.checks.sensitive;

import dev.medsec.core.Severity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Loads and validates the rule table; a malformed table is a build defect, so it fails loudly. */
public final class SecretRuleTable {
    public static final String RESOURCE = "secret-rules.tsv";

    private static final List<SecretRule> BUILT_IN = load();

    private SecretRuleTable() {
    }

    public static List<SecretRule> builtIn() {
        return BUILT_IN;
    }

    static List<SecretRule> load() {
        try (InputStream in = SecretRuleTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<SecretRule> parse(BufferedReader reader) throws IOException {
        List<SecretRule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        String line;
        int lineNo = 0;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 8) {
                throw new IllegalStateException(RESOURCE + ":" + lineNo + ": expected 8 tab-separated fields, got " + f.length);
            }
            String id = f[0];
            if (!id.matches("[a-z0-9]+(-[a-z0-9]+)*") || !ids.add(id)) {
                throw new IllegalStateException(RESOURCE + ":" + lineNo + ": bad or duplicate id " + id);
            }
            Severity severity = Severity.valueOf(f[1]);
            boolean textOnly = switch (f[2]) {
                case "text" -> true;
                case "any" -> false;
                default -> throw new IllegalStateException(RESOURCE + ":" + lineNo + ": scope must be any|text");
            };
            boolean ignoreCase = switch (f[3]) {
                case "ignore" -> true;
                case "exact" -> false;
                default -> throw new IllegalStateException(RESOURCE + ":" + lineNo + ": case must be exact|ignore");
            };
            List<String> anchors = Arrays.stream(f[4].split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
            if (anchors.isEmpty() || anchors.stream().anyMatch(a -> a.length() > 64)) {
                throw new IllegalStateException(RESOURCE + ":" + lineNo + ": 1..n anchors of at most 64 bytes");
            }
            double entropy = Double.parseDouble(f[5]);
            Pattern regex;
            try {
                regex = Pattern.compile(f[6]);
            } catch (PatternSyntaxException e) {
                throw new IllegalStateException(RESOURCE + ":" + lineNo + ": bad regex: " + e.getMessage(), e);
            }
            if (!f[6].contains("(?<value>")) {
                throw new IllegalStateException(RESOURCE + ":" + lineNo + ": regex needs a named group 'value'");
            }
            for (String a : anchors) {
                String probe = ignoreCase ? a.toLowerCase(Locale.ROOT) : a;
                if (!probe.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                    throw new IllegalStateException(RESOURCE + ":" + lineNo + ": anchors must be printable ASCII");
                }
            }
            rules.add(new SecretRule(id, severity, textOnly, ignoreCase, anchors, entropy, regex, f[7]));
        }
        return List.copyOf(rules);
    }
}
