package dev.medsec.core.check;

import dev.medsec.core.content.BytePattern;
import dev.medsec.core.content.MultiPatternMatcher;
import dev.medsec.core.content.PatternHit;
import dev.medsec.core.image.Artifact;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs every {@link ContentCheck} over a file in one pass: the patterns of all checks share one automaton,
 * and each check receives only its own hits.
 */
public final class ContentEngine {
    /** Hits kept per check and file; a file that is nothing but one pattern repeated must not exhaust memory. */
    public static final int MAX_HITS_PER_CHECK = 10_000;

    private final List<ContentCheck> checks;
    private final MultiPatternMatcher matcher;
    private final int[] ownerOf;
    private final String[] idOf;
    private final int[] lengthOf;

    public ContentEngine(List<ContentCheck> checks) {
        this.checks = List.copyOf(checks);
        List<BytePattern> all = new ArrayList<>();
        List<Integer> owners = new ArrayList<>();
        for (int ci = 0; ci < this.checks.size(); ci++) {
            Set<String> ids = new HashSet<>();
            for (BytePattern p : this.checks.get(ci).patterns()) {
                if (!ids.add(p.id())) {
                    throw new IllegalArgumentException(this.checks.get(ci).getClass().getName()
                            + " declares pattern id " + p.id() + " twice");
                }
                all.add(p);
                owners.add(ci);
            }
        }
        this.matcher = new MultiPatternMatcher(all);
        this.ownerOf = owners.stream().mapToInt(Integer::intValue).toArray();
        this.idOf = all.stream().map(BytePattern::id).toArray(String[]::new);
        this.lengthOf = all.stream().mapToInt(p -> p.bytes().length).toArray();
    }

    public List<ContentCheck> checks() {
        return checks;
    }

    /**
     * Scans the artifact once for the checks that apply to it and calls each with its hits.
     * Exceptions from a check are recorded in that check's collector, not thrown.
     */
    public void scan(Artifact artifact, Map<ContentCheck, FindingCollector> collectors) throws IOException {
        if (!artifact.hasContent() || checks.isEmpty()) {
            return;
        }
        boolean[] applies = new boolean[checks.size()];
        boolean any = false;
        for (int i = 0; i < checks.size(); i++) {
            applies[i] = checks.get(i).appliesTo(artifact);
            any |= applies[i];
        }
        if (!any) {
            return;
        }
        ByteBuffer bytes = artifact.bytes();
        List<List<PatternHit>> hits = new ArrayList<>(checks.size());
        for (int i = 0; i < checks.size(); i++) {
            hits.add(null);
        }
        matcher.scan(bytes, (pi, offset) -> {
            int owner = ownerOf[pi];
            if (applies[owner]) {
                List<PatternHit> list = hits.get(owner);
                if (list == null) {
                    list = new ArrayList<>();
                    hits.set(owner, list);
                }
                if (list.size() < MAX_HITS_PER_CHECK) {
                    list.add(new PatternHit(idOf[pi], offset, lengthOf[pi]));
                }
            }
            return true;
        });
        for (int i = 0; i < checks.size(); i++) {
            if (hits.get(i) != null) {
                FindingCollector out = collectors.get(checks.get(i));
                try {
                    checks.get(i).inspect(artifact, List.copyOf(hits.get(i)), out);
                } catch (IOException | RuntimeException e) {
                    out.error(artifact.path(), "failed: " + e);
                }
            }
        }
    }
}
