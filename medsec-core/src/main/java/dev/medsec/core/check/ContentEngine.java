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

    /** Collects each applying check's hits, up to {@link #MAX_HITS_PER_CHECK}. */
    private final class Hits implements MultiPatternMatcher.HitSink {
        final boolean[] applies;
        /** Per check, its hits; null while it has none. */
        final List<List<PatternHit>> of = new ArrayList<>(java.util.Collections.nCopies(checks.size(), null));

        Hits(boolean[] applies) {
            this.applies = applies;
        }

        @Override
        public boolean hit(int patternIndex, long offset) {
            int owner = ownerOf[patternIndex];
            if (applies[owner]) {
                List<PatternHit> list = of.get(owner);
                if (list == null) {
                    list = new ArrayList<>();
                    of.set(owner, list);
                }
                if (list.size() < MAX_HITS_PER_CHECK) {
                    list.add(new PatternHit(idOf[patternIndex], offset, lengthOf[patternIndex]));
                }
            }
            return true;
        }
    }

    /**
     * Runs the automaton over sample data that holds every pattern, and drops the hits: only to get its loops
     * compiled, with a profile that has seen hits, before a scan needs them. Big inputs and small ones take
     * different loops; both are run. About 150 KB of work: the launcher lowers these loops' compile thresholds,
     * so that little is needed, and it runs before they are compiled, that is slowly.
     */
    public void warmUp() {
        // Sizes that do not divide into the automaton's lanes, so that every branch of its loops is taken.
        byte[] sample = new byte[16 * 1024 + 3];
        int x = 0x9e3779b9;
        for (int i = 0; i < sample.length; i++) {
            x = x * 1103515245 + 12345;
            int r = x >>> 16;
            // text and binary halves, like the files of a root filesystem
            sample[i] = (i & 0x2000) == 0 ? (byte) (' ' + r % 95) : (byte) r;
        }
        int at = 0;
        for (BytePattern p : matcher.patterns()) {
            byte[] b = p.bytes();
            at = (at + 61) % (sample.length - b.length);
            System.arraycopy(b, 0, sample, at, b.length);
        }
        // The scan's own sink class, every check applying: the compiled code sees the receiver and the branches a
        // scan takes. The hits are dropped with it.
        boolean[] all = new boolean[checks.size()];
        java.util.Arrays.fill(all, true);
        Hits drop = new Hits(all);
        // Small files are read into the heap, large ones mapped: both buffer classes, as in a scan.
        ByteBuffer heap = ByteBuffer.wrap(sample).asReadOnlyBuffer();
        ByteBuffer direct = ByteBuffer.allocateDirect(sample.length).put(sample).flip().asReadOnlyBuffer();
        for (ByteBuffer data : List.of(heap, direct)) {
            matcher.scan(data.duplicate(), drop);
            for (int off = 0; off + 8192 <= sample.length; off += 1024) {
                matcher.scan(data.duplicate().position(off).limit(off + 4095 + (off & 1)), drop);
            }
            for (int off = 0; off + 1024 <= sample.length; off += 1024) {
                matcher.scan(data.duplicate().position(off).limit(off + 1023 + (off & 1)), drop);
            }
        }
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
        Hits hits = new Hits(applies);
        matcher.scan(artifact.bytes(), hits);
        for (int i = 0; i < checks.size(); i++) {
            if (hits.of.get(i) != null) {
                FindingCollector out = collectors.get(checks.get(i));
                try {
                    checks.get(i).inspect(artifact, List.copyOf(hits.of.get(i)), out);
                } catch (IOException | RuntimeException e) {
                    out.error(artifact.path(), "failed: " + e);
                }
            }
        }
    }
}
