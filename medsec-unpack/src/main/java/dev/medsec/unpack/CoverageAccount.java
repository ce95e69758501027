package dev.medsec.unpack;

import dev.medsec.core.Coverage;
import dev.medsec.core.image.Artifact;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Collects, while the image is built, each container's own account (explained, padding, unexplained bytes) and
 * each format recognised but not opened; then folds them into the target's {@link Coverage}. A container's
 * unreached bytes are its own unexplained and unopened bytes plus its members' unreached bytes, scaled into the
 * container's byte space (1:1 for partitions and carved regions, by the compression ratio for a compressed one).
 * Thread-safe: containers of one nesting level are opened in parallel.
 */
final class CoverageAccount {
    /** The list of regions in the report is cut here; the byte counts include every region. */
    static final int MAX_LISTED_REGIONS = 100;

    private record Own(Coverage.Container container, long unreached) {
    }

    private final Map<String, Own> own = new ConcurrentHashMap<>();
    private final List<Coverage.NotOpened> notOpened = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<Coverage.Region> regions = java.util.Collections.synchronizedList(new ArrayList<>());

    /**
     * Records a container's own account. {@code key} is the layer its members form: its image path, or "" for
     * a target whose members form the root layer.
     */
    void container(String key, String format, long size, long explained, long padding, long unexplained, long unopened) {
        own.put(key, new Own(new Coverage.Container(key.isEmpty() ? "/" : key, format, size, explained, padding, unexplained),
                Math.min(size, unexplained + unopened)));
    }

    /** A container opened as a whole by a filesystem or archive reader: all of its bytes are explained. */
    void opened(String key, String format, long size) {
        container(key, format, size, size, 0, 0, 0);
    }

    void notOpened(String path, String format, long size, String reason) {
        notOpened.add(new Coverage.NotOpened(path, format, size, reason));
    }

    /** A format that could not be opened at all: its whole size is unreached. */
    void failed(String key, String path, String format, long size, String reason) {
        notOpened(path, format, size, reason);
        container(key, format, size, 0, 0, 0, size);
    }

    void region(String container, long offset, long size, String entropy) {
        if (size >= Coverage.REGION_THRESHOLD) {
            regions.add(new Coverage.Region(container.isEmpty() ? "/" : container, offset, size, entropy));
        }
    }

    /**
     * @param all         every artifact of the image
     * @param targetBytes the target's size (for a directory, the sum of its files)
     */
    Coverage build(List<Artifact> all, long targetBytes) {
        Map<String, List<Artifact>> byLayer = new HashMap<>();
        for (Artifact a : all) {
            if (a.hasContent()) {
                byLayer.computeIfAbsent(a.layer(), k -> new ArrayList<>()).add(a);
            }
        }
        // The root layer "" holds the target's members, or the target itself when it keeps its own entry (a disk
        // image, a flash dump): either way its account folds in from there.
        long unreachedRoot = unreached("", targetBytes, byLayer, new HashMap<>(), 0);
        long reached = Math.max(0, targetBytes - unreachedRoot);
        double percent = targetBytes == 0 ? 100.0 : Math.floor(reached * 1000.0 / targetBytes) / 10.0;
        List<Coverage.Container> containers = own.values().stream().map(Own::container)
                .sorted(Comparator.comparing(Coverage.Container::path)).toList();
        List<Coverage.Region> listed;
        synchronized (regions) {
            listed = regions.stream().sorted(Comparator.comparingLong(Coverage.Region::size).reversed()
                    .thenComparing(Coverage.Region::container).thenComparingLong(Coverage.Region::offset))
                    .limit(MAX_LISTED_REGIONS).toList();
        }
        List<Coverage.NotOpened> unopened;
        synchronized (notOpened) {
            unopened = notOpened.stream().sorted(Comparator.comparing(Coverage.NotOpened::path)).toList();
        }
        return new Coverage(targetBytes, reached, percent, containers, unopened, listed);
    }

    private long unreached(String key, long size, Map<String, List<Artifact>> byLayer, Map<String, Long> memo, int depth) {
        Long cached = memo.get(key);
        if (cached != null) {
            return cached;
        }
        Own mine = own.get(key);
        long total = mine == null ? 0 : mine.unreached();
        List<Artifact> members = byLayer.getOrDefault(key, List.of());
        long memberBytes = 0;
        long memberUnreached = 0;
        for (Artifact m : members) {
            memberBytes += m.size();
            // an artifact that is itself a container has an account under its own path (its members' layer)
            if (depth < 64 && (own.containsKey(m.path()) || byLayer.containsKey(m.path()))) {
                memberUnreached += unreached(m.path(), m.size(), byLayer, memo, depth + 1);
            }
        }
        if (memberUnreached > 0) {
            // members decompressed from a smaller container are scaled back into its byte space
            double factor = memberBytes <= size || memberBytes == 0 ? 1.0 : (double) size / memberBytes;
            total += (long) (memberUnreached * factor);
        }
        long result = Math.min(size, total);
        memo.put(key, result);
        return result;
    }
}
