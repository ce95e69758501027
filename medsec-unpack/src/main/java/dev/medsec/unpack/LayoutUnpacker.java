package dev.medsec.unpack;

import dev.medsec.core.ScanError;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.EntryKind;
import dev.medsec.core.image.FileMeta;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Opens one container by its byte layout: places the members a {@link LayoutReader} found (regions without a
 * copy, decoded payloads through the sandbox), carves the ranges between them when the container is a raw
 * layout (a disk's gaps hold bootloaders, a flash dump's everything), splits what is left into padding and
 * unexplained regions, and records the container's coverage account. In a container where something was found,
 * each unexplained region of at least {@link #MIN_UNKNOWN_MEMBER} bytes becomes a member {@code 0x…-0x….unknown}
 * so that the byte scans still see every byte that is not padding.
 */
final class LayoutUnpacker {
    static final int MIN_UNKNOWN_MEMBER = 512;

    /** What one container's unpacking produced. */
    /**
     * @param carved  members the carver found (already identified: never carved again)
     * @param unknown members made of unexplained regions (bytes only: never carved again)
     */
    record Result(List<Artifact> members, Account account, List<Artifact> carved, List<Artifact> unknown) {
    }

    /** Byte counts of one container. */
    static final class Account {
        long explained;
        long padding;
        long unexplained;
        long unopened;
        String largestUnexplainedEntropy = "";
        long largestUnexplained;
    }

    private final Sandbox sandbox;
    private final CoverageAccount coverage;
    private final Consumer<ScanError> errors;

    LayoutUnpacker(Sandbox sandbox, CoverageAccount coverage, Consumer<ScanError> errors) {
        this.sandbox = sandbox;
        this.coverage = coverage;
        this.errors = errors;
    }

    private record Range(long from, long to) {
    }

    /** How the ranges between a layout's pieces are read. */
    enum Gaps {
        /** Accounted as they are (padding or unexplained). */
        ACCOUNT,
        /** Carved, then accounted; unexplained ranges become {@code .unknown} members (disks, flash dumps). */
        CARVE,
        /** Not carved: the rest is the container's own content (a kernel's code), explained. */
        REST_EXPLAINED
    }

    Result unpack(Artifact container, String layer, Layout layout, ByteSource src, Gaps gaps) throws IOException {
        boolean carveGaps = gaps == Gaps.CARVE;
        boolean restExplained = gaps == Gaps.REST_EXPLAINED;
        String where = container.path();
        LayerWriter out = new LayerWriter(sandbox, layer, errors);
        Account acc = new Account();
        List<Range> unexplained = new ArrayList<>();
        List<Artifact> carved = new ArrayList<>();
        int found = 0;
        long cursor = 0;
        for (Layout.Piece p : layout.pieces()) {
            if (p.offset() < cursor || p.length() < 0 || p.end() > src.size()) {
                error(where, "region at " + hex(p.offset()) + " (" + p.length() + " bytes) overlaps another or lies beyond the end; skipped");
                continue;
            }
            if (p.offset() > cursor) {
                found += gap(container, src, cursor, p.offset(), carveGaps, out, restExplained ? new Account() : acc, unexplained, carved);
            }
            found += place(container, src, p, out, acc);
            cursor = p.end();
        }
        if (cursor < src.size()) {
            found += gap(container, src, cursor, src.size(), carveGaps, out, restExplained ? new Account() : acc, unexplained, carved);
        }
        List<Artifact> unknown = new ArrayList<>();
        if (restExplained) {
            acc.explained = src.size() - acc.unopened;
            unexplained.clear();
        }
        for (Range r : unexplained) {
            String entropy = RegionStats.entropyClass(src, r.from, r.to - r.from);
            coverage.region(layer, r.from, r.to - r.from, entropy);
            if (r.to - r.from > acc.largestUnexplained) {
                acc.largestUnexplained = r.to - r.from;
                acc.largestUnexplainedEntropy = entropy;
            }
            if (found > 0 && r.to - r.from >= MIN_UNKNOWN_MEMBER) {
                out.slice(container, "/" + hex(r.from) + "-" + hex(r.to) + ".unknown", r.from, r.to - r.from).ifPresent(unknown::add);
            }
        }
        return new Result(out.artifacts(), acc, carved, unknown);
    }

    /** Places one claimed piece; returns 1 when it is a member. */
    private int place(Artifact container, ByteSource src, Layout.Piece p, LayerWriter out, Account acc) throws IOException {
        if (p instanceof Layout.Slice s) {
            acc.explained += s.length();
            return out.slice(container, "/" + s.name(), s.offset(), s.length()).isPresent() ? 1 : 0;
        }
        if (p instanceof Layout.Decoded d) {
            acc.explained += d.length();
            return decode(container, d, out);
        }
        if (p instanceof Layout.Structure st) {
            acc.explained += st.length();
            return 0;
        }
        Layout.Unopened u = (Layout.Unopened) p;
        acc.unopened += u.length();
        String path = container.path() + "!/" + u.name();
        coverage.notOpened(path, u.format(), u.length(), u.reason());
        if (u.length() >= ImageBuilder.UNOPENED_ERROR_BYTES || container.layer().isEmpty()) {
            error(path, u.format() + " recognised at " + hex(u.offset()) + " (" + u.length() + " bytes) but not opened: " + u.reason());
        }
        return 0;
    }

    /** Decodes a payload into a member through the sandbox, under the ratio budget; returns 1 when written. */
    private int decode(Artifact container, Layout.Decoded d, LayerWriter out) throws IOException {
        Artifact region = Artifact.slice(container, "", "/region", FileMeta.of(EntryKind.FILE), d.offset(), d.length());
        CountingInputStream raw = new CountingInputStream(region.open());
        try (InputStream in = d.decoder().open(raw)) {
            RatioGuard guard = new RatioGuard(sandbox.limits().maxRatio(), raw::count, d.name());
            int before = out.artifacts().size();
            out.file("/" + d.name(), FileMeta.of(EntryKind.FILE), in, guard);
            return out.artifacts().size() > before ? 1 : 0;
        } catch (LayerWriter.RatioExceeded e) {
            return 0;
        } catch (LimitExceededException e) {
            throw e;
        } catch (IOException e) {
            out.error("member " + d.name() + " not decoded: " + e.getMessage());
            return 0;
        }
    }

    /** A range no reader claimed: carved (in a raw layout), then split into padding and unexplained ranges. */
    private int gap(Artifact container, ByteSource src, long from, long to, boolean carve, LayerWriter out, Account acc,
                    List<Range> unexplained, List<Artifact> carved) throws IOException {
        int found = 0;
        long cursor = from;
        for (RegionStats.Gap g : RegionStats.split(src, from, to)) {
            long end = g.offset() + g.length();
            if (end <= cursor) {
                continue;
            }
            long start = Math.max(g.offset(), cursor);
            if (g.padding()) {
                acc.padding += end - start;
                cursor = end;
                continue;
            }
            long pos = start;
            if (carve) {
                for (Layout.Piece p : Carver.carve(src, start, end, to)) {
                    if (p.offset() < pos || p.offset() == 0 && p.length() == src.size()) {
                        // the whole container is that structure: it is read as itself, not as a layer of itself
                        continue;
                    }
                    if (p.offset() > pos) {
                        acc.unexplained += p.offset() - pos;
                        unexplained.add(new Range(pos, p.offset()));
                    }
                    int before = out.artifacts().size();
                    found += place(container, src, p, out, acc);
                    List<Artifact> now = out.artifacts();
                    carved.addAll(now.subList(before, now.size()));
                    pos = p.end();
                }
            }
            if (pos < end) {
                acc.unexplained += end - pos;
                unexplained.add(new Range(pos, end));
            }
            cursor = Math.max(pos, end);
        }
        // a carved piece that ran past the last run's end was counted whole; the cursor never passes 'to' unseen
        return found;
    }

    private void error(String path, String message) {
        errors.accept(new ScanError(path, ScanError.Stage.UNPACK, LayerWriter.printable(message)));
    }

    static String hex(long v) {
        return String.format(Locale.ROOT, "0x%08x", v);
    }
}
