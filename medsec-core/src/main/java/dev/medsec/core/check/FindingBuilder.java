package dev.medsec.core.check;

import dev.medsec.core.Finding;
import dev.medsec.core.Severity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/** Fills in one finding; {@link #report()} records it. */
public final class FindingBuilder {
    private final CheckMetadata meta;
    private final String path;
    private final Consumer<Finding> sink;
    private final Map<String, Object> evidence = new LinkedHashMap<>();
    private String message;
    private Severity severity;
    private String remediation;
    private String key = "";
    private List<Integer> cwe;

    FindingBuilder(CheckMetadata meta, String path, Consumer<Finding> sink) {
        this.meta = meta;
        this.path = path;
        this.sink = sink;
        this.severity = meta.severity();
        this.remediation = meta.remediation();
        this.message = meta.summary();
        this.cwe = meta.cwe();
    }

    /**
     * Overrides the check's CWE list for this finding: for findings imported from another analyzer that
     * names its own weakness. Must not be empty.
     */
    public FindingBuilder cwe(List<Integer> numbers) {
        if (numbers.isEmpty() || numbers.stream().anyMatch(n -> n == null || n <= 0)) {
            throw new IllegalArgumentException("CWE numbers must be positive and at least one");
        }
        this.cwe = List.copyOf(numbers);
        return this;
    }

    public FindingBuilder message(String text) {
        this.message = Objects.requireNonNull(text);
        return this;
    }

    /** Adds evidence; values must be JSON-serialisable and must never be a secret itself. */
    public FindingBuilder evidence(String name, Object value) {
        evidence.put(name, Objects.requireNonNull(value, name));
        return this;
    }

    /** Overrides the check's default severity for this finding (say why in the evidence). */
    public FindingBuilder severity(Severity s) {
        this.severity = Objects.requireNonNull(s);
        return this;
    }

    public FindingBuilder remediation(String text) {
        this.remediation = Objects.requireNonNull(text);
        return this;
    }

    /**
     * Distinguishes several findings of one check on one path (a symbol, a config option, a table name).
     * Together with check id and path it forms the stable finding id, so keep it free of counts and offsets
     * that change between builds.
     */
    public FindingBuilder key(String discriminator) {
        this.key = Objects.requireNonNull(discriminator);
        return this;
    }

    public void report() {
        sink.accept(new Finding(Fingerprints.of(meta.id(), path, key), meta.id(), meta.principle(), severity,
                cwe, path, message, evidence, remediation));
    }
}
