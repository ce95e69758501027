package dev.medsec.core.image;

import dev.medsec.core.Component;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.stream.Stream;

/**
 * The read-only virtual tree of everything the target holds, across archive layers. An image may hold several
 * roots (the target and each nested archive); checks that look for a well-known file ({@code /etc/shadow})
 * should use {@link #findAll(String)} so that a root filesystem inside an update bundle is checked too.
 */
public final class Image {
    private static final int MAX_LINK_HOPS = 40;

    private final String target;
    private final List<Artifact> artifacts;
    private final Map<String, Artifact> byPath;
    private final Map<String, List<Artifact>> byInnerPath;
    /** The entries with content: the image checks each walk them, dozens of passes per scan. */
    private final List<Artifact> files;
    private final ScanSettings settings;
    private final List<Component> components = new CopyOnWriteArrayList<>();
    private final ConcurrentMap<ImageKey<?>, FutureTask<?>> shared =
            new ConcurrentHashMap<>();

    public Image(String target, List<Artifact> artifacts, ScanSettings settings) {
        this.target = target;
        List<Artifact> sorted = new ArrayList<>(artifacts);
        sorted.sort(Comparator.comparing(Artifact::path));
        this.artifacts = Collections.unmodifiableList(sorted);
        Map<String, Artifact> map = new LinkedHashMap<>();
        Map<String, List<Artifact>> inner = new LinkedHashMap<>();
        List<Artifact> withContent = new ArrayList<>();
        for (Artifact a : sorted) {
            if (a.hasContent()) {
                withContent.add(a);
            }
            map.putIfAbsent(a.path(), a);
            inner.computeIfAbsent(a.innerPath(), k -> new ArrayList<>()).add(a);
        }
        this.byPath = Collections.unmodifiableMap(map);
        this.byInnerPath = Collections.unmodifiableMap(inner);
        this.files = Collections.unmodifiableList(withContent);
        this.settings = settings;
    }

    /** What the user named as the target, for display only. */
    public String target() {
        return target;
    }

    public ScanSettings settings() {
        return settings;
    }

    /** Every entry, sorted by image path. */
    public List<Artifact> artifacts() {
        return artifacts;
    }

    /** Entries with content (regular files and resolved hard links). */
    public Stream<Artifact> files() {
        return files.stream();
    }

    /** The layers present: "" for the target itself, then each unpacked archive's image path. */
    public Set<String> layers() {
        Set<String> out = new LinkedHashSet<>();
        out.add("");
        for (Artifact a : artifacts) {
            out.add(a.layer());
        }
        return out;
    }

    /** The entry at a full image path. */
    public Optional<Artifact> get(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    /** The entry at {@code innerPath} in every layer that has one (e.g. each root filesystem's /etc/shadow). */
    public List<Artifact> findAll(String innerPath) {
        return byInnerPath.getOrDefault(innerPath, List.of());
    }

    /** The entry at {@code innerPath} in {@code layer}. */
    public Optional<Artifact> get(String layer, String innerPath) {
        return get(ImagePaths.join(layer, innerPath));
    }

    /** Entries directly below directory {@code innerDir} of {@code layer}. */
    public List<Artifact> children(String layer, String innerDir) {
        String prefix = innerDir.endsWith("/") ? innerDir : innerDir + "/";
        List<Artifact> out = new ArrayList<>();
        for (Artifact a : underPrefix(prefix)) {
            if (a.layer().equals(layer) && a.innerPath().indexOf('/', prefix.length()) < 0
                    && a.innerPath().length() > prefix.length()) {
                out.add(a);
            }
        }
        return out;
    }

    /**
     * Inner paths in order, built on first use: checks ask for the children of a directory or a glob's matches
     * dozens of times per image, and each answer is a range of this map instead of a pass over every entry.
     */
    private volatile java.util.NavigableMap<String, List<Artifact>> innerIndex;

    /** Every entry whose inner path starts with {@code prefix}, in image order (any layer). */
    private List<Artifact> underPrefix(String prefix) {
        java.util.NavigableMap<String, List<Artifact>> index = innerIndex;
        if (index == null) {
            index = new java.util.TreeMap<>(byInnerPath);
            innerIndex = index;
        }
        List<Artifact> out = new ArrayList<>();
        for (Map.Entry<String, List<Artifact>> e : index.tailMap(prefix, true).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            out.addAll(e.getValue());
        }
        // image order is path order (a stable sort keeps entries of one path as they were)
        out.sort(Comparator.comparing(Artifact::path));
        return out;
    }

    /** Entries whose inner path matches a glob such as {@code /etc/systemd/system/*.wants/*}, in any layer. */
    public List<Artifact> glob(String innerGlob) {
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + innerGlob);
        // Every match starts with the glob's literal head: only the entries under it are tested.
        int meta = 0;
        while (meta < innerGlob.length() && "*?[{\\".indexOf(innerGlob.charAt(meta)) < 0) {
            meta++;
        }
        String head = innerGlob.substring(0, meta);
        List<Artifact> out = new ArrayList<>();
        for (Artifact a : underPrefix(head)) {
            if (m.matches(Path.of(a.innerPath()))) {
                out.add(a);
            }
        }
        return out;
    }

    /**
     * Follows symbolic links inside the artifact's own layer (never on the host), at most 40 hops;
     * empty for a dangling link, a loop or a target outside the layer's root.
     */
    public Optional<Artifact> resolve(Artifact a) {
        Artifact cur = a;
        for (int hop = 0; hop < MAX_LINK_HOPS; hop++) {
            if (cur.kind() != EntryKind.SYMLINK) {
                return Optional.of(cur);
            }
            String linkPath = cur.innerPath();
            Optional<String> target = cur.meta().linkTarget()
                    .flatMap(t -> ImagePaths.resolveLink(linkPath, t));
            if (target.isEmpty()) {
                return Optional.empty();
            }
            Optional<Artifact> next = get(cur.layer(), target.get());
            if (next.isEmpty()) {
                return Optional.empty();
            }
            cur = next.get();
        }
        return Optional.empty();
    }

    /** Components identified by the catalog stage; empty before it has run. */
    public List<Component> components() {
        return Collections.unmodifiableList(components);
    }

    /** Called by the catalog stage only. */
    public void addComponents(List<Component> found) {
        components.addAll(found);
    }

    /**
     * The value {@code key} derives from this image, derived once on first use; concurrent callers wait for the
     * first and share its result (or its failure, rethrown to each).
     */
    public <T> T shared(ImageKey<T> key) {
        FutureTask<?> task = shared.computeIfAbsent(key,
                k -> new FutureTask<>(() -> key.derive(this)));
        task.run();
        try {
            @SuppressWarnings("unchecked")
            T value = (T) task.get();
            return value;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            dev.medsec.core.Unchecked.rethrowIfUnchecked(cause);
            throw new IllegalStateException(key.name() + ": " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException(key.name() + ": interrupted");
        }
    }
}
