package dev.medsec.checks.sensitive;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.ContentCheck;
import dev.medsec.core.check.FindingBuilder;
import dev.medsec.core.check.Findings;
import dev.medsec.core.classify.FileType;
import dev.medsec.core.content.BytePattern;
import dev.medsec.core.content.PatternHit;
import dev.medsec.core.image.Artifact;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;

/**
 * Cloud and SaaS tokens, API keys and passwords written into files, driven by the rule table
 * ({@link SecretRuleTable}). Every rule's anchors join the scan's shared automaton; a hit runs that rule's
 * regex over the hit's line only (at most {@link #MAX_LINE} bytes each side), then the value must pass the
 * rule's entropy gate and must not be a placeholder. Evidence carries the redacted value only.
 */
@CheckInfo(id = "sensitive.secret-token", principle = Principle.SENSITIVE_DATA, severity = Severity.HIGH,
        cwe = {798, 312},
        summary = "Secret, password or API token stored in clear text",
        remediation = "Remove the secret from the image and rotate it. Provision per-device credentials at "
                + "manufacturing into a secure element or an encrypted store, or fetch them at runtime over an "
                + "authenticated channel; never bake shared credentials into firmware.")
public final class SecretTokenCheck implements ContentCheck {
    static final int MAX_LINE = 1024;
    /** Alternatives of a rule's regex (quoted, unquoted) name the secret value2, value3. */
    private static final List<String> VALUE_GROUPS = List.of("value", "value2", "value3");

    private static final Set<FileType> TEXT_TYPES = Set.of(FileType.TEXT, FileType.SHELL_SCRIPT, FileType.SCRIPT,
            FileType.JSON, FileType.XML);
    /**
     * Prose about configuration, not configuration: generic assignment rules skip these trees. The package
     * indexes apt downloads (/var/lib/apt/lists) are public archive metadata of the same kind: tens of thousands
     * of "Homepage: https://..." lines, no device configuration.
     */
    private static final List<String> DOC_TREES = List.of("/usr/share/doc/", "/usr/share/man/", "/usr/share/info/",
            "/usr/share/locale/", "/usr/share/i18n/", "/usr/share/common-licenses/", "/var/lib/apt/lists/");

    private final List<SecretRule> rules;
    private final List<BytePattern> patterns;
    private final Map<String, SecretRule> ruleOfPattern;

    public SecretTokenCheck() {
        this(SecretRuleTable.builtIn());
    }

    SecretTokenCheck(List<SecretRule> rules) {
        this.rules = List.copyOf(rules);
        List<BytePattern> ps = new ArrayList<>();
        Map<String, SecretRule> owner = new HashMap<>();
        for (SecretRule r : this.rules) {
            for (int i = 0; i < r.anchors().size(); i++) {
                String pid = r.id() + "/" + i;
                ps.add(r.ignoreCase() ? BytePattern.asciiIgnoreCase(pid, r.anchors().get(i))
                        : BytePattern.ascii(pid, r.anchors().get(i)));
                owner.put(pid, r);
            }
        }
        this.patterns = List.copyOf(ps);
        this.ruleOfPattern = Map.copyOf(owner);
    }

    public List<SecretRule> rules() {
        return rules;
    }

    @Override
    public boolean appliesTo(Artifact artifact) {
        return artifact.hasContent();
    }

    @Override
    public List<BytePattern> patterns() {
        return patterns;
    }

    @Override
    public void inspect(Artifact artifact, List<PatternHit> hits, Findings out) throws IOException {
        String path = artifact.path();
        // Documentation trees in any layer, also inside compressed man pages ("...man5/x.5.gz!/x.5").
        boolean text = TEXT_TYPES.contains(artifact.type())
                && DOC_TREES.stream().noneMatch(t -> path.startsWith(t) || path.contains("!" + t));
        ByteBuffer bytes = artifact.bytes();
        // One secret may satisfy several rules (an AWS secret is also a generic "secret" assignment): keep the
        // rule listed first in the table, the most specific one, per value position.
        Map<Long, Candidate> best = new TreeMap<>();
        for (PatternHit hit : hits) {
            SecretRule rule = ruleOfPattern.get(hit.patternId());
            if (rule == null || (rule.textOnly() && !text)) {
                continue;
            }
            Line line = line(bytes, hit.offset());
            Optional<Match> match = confirm(rule, line.text(), (int) (hit.offset() - line.start()));
            if (match.isPresent()) {
                long at = line.start() + match.get().valueStart();
                Candidate c = new Candidate(rule, rules.indexOf(rule), line.start(), match.get());
                best.merge(at, c, (a, b) -> a.rank() <= b.rank() ? a : b);
            }
        }
        Map<String, Integer> ordinals = new HashMap<>();
        for (Map.Entry<Long, Candidate> e : best.entrySet()) {
            Candidate c = e.getValue();
            SecretRule rule = c.rule();
            Match m = c.match();
            int ordinal = ordinals.merge(rule.id(), 1, Integer::sum);
            FindingBuilder b = out.at(artifact)
                    .key(rule.id() + ":" + m.key().orElse("") + ":" + ordinal)
                    .severity(rule.severity())
                    .message(rule.description() + (m.key().map(k -> " ('" + k + "')").orElse(""))
                            + " in clear text")
                    .evidence("rule", rule.id())
                    .evidence("redacted", Redaction.redact(m.value()))
                    .evidence("length", m.value().length())
                    .evidence("entropy", Entropy.rounded(Entropy.bitsPerChar(m.value())));
            m.key().ifPresent(k -> b.evidence("key", k));
            if (text) {
                b.evidence("line", lineNumber(bytes, c.lineStart()));
            } else {
                b.evidence("offset", e.getKey());
            }
            b.report();
        }
    }

    private record Candidate(SecretRule rule, int rank, long lineStart, Match match) {
    }

    /** A confirmed secret: the value, where it starts in the line, and the assignment's key if the rule names one. */
    record Match(String value, int valueStart, Optional<String> key) {
    }

    /** Runs the rule on one line; the match must cover the anchor hit at {@code hitInLine}. */
    static Optional<Match> confirm(SecretRule rule, String line, int hitInLine) {
        Matcher m = rule.confirm().matcher(line);
        if (LineStartRegex.isLineStartOnly(rule.confirm()) && LineStartRegex.isSingleLine(line)) {
            // Can only match at index 0 (see LineStartRegex): one attempt instead of a search of the whole line.
            return m.lookingAt() ? accept(rule, m, hitInLine) : Optional.empty();
        }
        while (m.find()) {
            Optional<Match> accepted = accept(rule, m, hitInLine);
            if (accepted.isPresent()) {
                return accepted;
            }
        }
        return Optional.empty();
    }

    /** The current match as a secret, or empty when it does not cover the hit or its value is not a secret. */
    static Optional<Match> accept(SecretRule rule, Matcher m, int hitInLine) {
        if (m.start() > hitInLine || m.end() <= hitInLine) {
            return Optional.empty();
        }
        String group = "";
        int start = m.start();
        for (String name : VALUE_GROUPS) {
            if (hasGroup(m, name)) {
                group = m.group(name);
                start = m.start(name);
                break;
            }
        }
        if (group.isEmpty() || Placeholders.isPlaceholder(group) || group.startsWith("/") || group.startsWith("file:")
                || Entropy.bitsPerChar(group) < rule.minEntropy() || rule.mixedShape() && !passwordShaped(group)) {
            return Optional.empty();
        }
        return Optional.of(new Match(group, start, group(m, "key")));
    }

    private static final java.util.regex.Pattern IDENTIFIER = java.util.regex.Pattern.compile("[a-z]+(?:[-_.][a-z0-9]+)*");
    private static final int LONG_VALUE = 12;

    /** Not a lowercase word or identifier, and (when short) a mix of at least two character classes. */
    static boolean passwordShaped(String v) {
        if (IDENTIFIER.matcher(v).matches()) {
            return false;
        }
        if (v.length() >= LONG_VALUE) {
            return true;
        }
        int classes = 0;
        classes += v.chars().anyMatch(Character::isLowerCase) ? 1 : 0;
        classes += v.chars().anyMatch(Character::isUpperCase) ? 1 : 0;
        classes += v.chars().anyMatch(Character::isDigit) ? 1 : 0;
        classes += v.chars().anyMatch(c -> !Character.isLetterOrDigit(c)) ? 1 : 0;
        return classes >= 2;
    }

    private static boolean hasGroup(Matcher m, String name) {
        try {
            return m.start(name) >= 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Optional<String> group(Matcher m, String name) {
        try {
            return Optional.ofNullable(m.group(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    record Line(long start, String text) {
    }

    /** The line holding {@code offset}, bounded to {@link #MAX_LINE} bytes each side. */
    static Line line(ByteBuffer bytes, long offset) {
        // One bulk copy of the window the line can span (MAX_LINE each side), then the bounds in the array: far
        // cheaper than a bounds-checked get per byte of a mapped file.
        int at = (int) offset;
        int floor = Math.max(0, at - MAX_LINE);
        int ceil = (int) Math.min(bytes.limit(), (long) at + MAX_LINE);
        byte[] w = new byte[ceil - floor];
        bytes.get(floor, w);
        int from = at - floor;
        while (from > 0 && w[from - 1] != '\n' && w[from - 1] != 0) {
            from--;
        }
        int to = at - floor;
        while (to < w.length && w[to] != '\n' && w[to] != 0) {
            to++;
        }
        if (to > from && w[to - 1] == '\r') {
            to--;
        }
        return new Line(floor + from, new String(w, from, to - from, StandardCharsets.ISO_8859_1));
    }

    private static int lineNumber(ByteBuffer bytes, long lineStart) {
        int n = 1;
        for (int i = 0; i < lineStart; i++) {
            if (bytes.get(i) == '\n') {
                n++;
            }
        }
        return n;
    }
}
