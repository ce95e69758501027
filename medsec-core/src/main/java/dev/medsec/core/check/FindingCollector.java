package dev.medsec.core.check;

import dev.medsec.core.Finding;
import dev.medsec.core.ScanError;
import dev.medsec.core.image.Artifact;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/** The thread-safe {@link Findings} the engine (and the test helper) hands to one check. */
public final class FindingCollector implements Findings {
    private final CheckMetadata meta;
    private final ConcurrentLinkedQueue<Finding> findings = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<ScanError> errors = new ConcurrentLinkedQueue<>();
    private final Map<String, Object> sections = new ConcurrentHashMap<>();

    private final dev.medsec.core.image.ScanSettings settings;

    public FindingCollector(CheckMetadata meta) {
        this(meta, dev.medsec.core.image.ScanSettings.defaults());
    }

    public FindingCollector(CheckMetadata meta, dev.medsec.core.image.ScanSettings settings) {
        this.meta = meta;
        this.settings = settings;
    }

    @Override
    public dev.medsec.core.image.ScanSettings settings() {
        return settings;
    }

    public CheckMetadata metadata() {
        return meta;
    }

    @Override
    public FindingBuilder at(Artifact artifact) {
        return at(artifact.path());
    }

    @Override
    public FindingBuilder at(String imagePath) {
        return new FindingBuilder(meta, imagePath, findings::add);
    }

    @Override
    public void error(String imagePath, String message) {
        errors.add(new ScanError(imagePath, ScanError.Stage.CHECK, meta.id() + ": " + message));
    }

    /** Records an error on behalf of the check (a crash or a timeout the engine caught). */
    public void error(ScanError e) {
        errors.add(e);
    }

    @Override
    public void section(String name, Object value) {
        sections.put(name, value);
    }

    public List<Finding> findings() {
        return new ArrayList<>(findings);
    }

    public List<ScanError> errors() {
        return new ArrayList<>(errors);
    }

    public Map<String, Object> sections() {
        return Map.copyOf(sections);
    }
}
