package dev.medsec.unpack;

import dev.medsec.core.image.EntryKind;
import dev.medsec.core.image.FileMeta;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;

/** Zip and jar archives, read through their central directory; the ratio is judged per member. */
final class ZipArchives {
    private static final int MAX_LINK_TARGET = 4096;

    private ZipArchives() {
    }

    static void zip(Path file, LayerWriter out, long maxRatio) throws IOException {
        try (ZipFile zip = ZipFile.builder().setPath(file).get()) {
            refuseSharedData(zip);
            Enumeration<ZipArchiveEntry> entries = zip.getEntriesInPhysicalOrder();
            while (entries.hasMoreElements()) {
                ZipArchiveEntry e = entries.nextElement();
                int unixMode = e.getUnixMode();
                long mtime = e.getTime() / 1000;
                boolean hasUnixMode = e.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX && unixMode != 0;
                if (e.isUnixSymlink()) {
                    if (e.getSize() > MAX_LINK_TARGET) {
                        out.error("symbolic link " + LayerWriter.printable(e.getName()) + " has an oversized target; skipped");
                        continue;
                    }
                    String target;
                    try (InputStream in = zip.getInputStream(e)) {
                        target = new String(in.readNBytes(MAX_LINK_TARGET), StandardCharsets.UTF_8);
                    }
                    out.symlink(e.getName(), meta(EntryKind.SYMLINK, unixMode, mtime, hasUnixMode), target);
                } else if (e.isDirectory()) {
                    out.directory(e.getName(), meta(EntryKind.DIRECTORY, unixMode, mtime, hasUnixMode));
                } else {
                    if (!zip.canReadEntryData(e)) {
                        out.error("member " + LayerWriter.printable(e.getName()) + " uses an unsupported method or encryption; skipped");
                        continue;
                    }
                    long compressed = Math.max(1, e.getCompressedSize());
                    RatioGuard guard = new RatioGuard(maxRatio, () -> compressed, "zip member " + e.getName());
                    try (InputStream in = zip.getInputStream(e)) {
                        out.file(e.getName(), meta(EntryKind.FILE, unixMode, mtime, hasUnixMode), in, guard);
                    } catch (LayerWriter.RatioExceeded r) {
                        // recorded; members of a zip are independent, the next one is read normally
                    }
                }
            }
        }
    }

    /**
     * A zip whose central directory points several entries at the same (or overlapping) data is a bomb: 300
     * entries over one 500 KB member wrote 17 GB. Real archivers never share data between entries, so such an
     * archive is refused whole, before anything is written.
     */
    static void refuseSharedData(ZipFile zip) throws IOException {
        java.util.List<ZipArchiveEntry> all = new java.util.ArrayList<>();
        zip.getEntriesInPhysicalOrder().asIterator().forEachRemaining(all::add);
        all.removeIf(e -> e.isDirectory() || e.getCompressedSize() <= 0);
        all.sort(java.util.Comparator.comparingLong(ZipArchiveEntry::getDataOffset));
        for (int i = 1; i < all.size(); i++) {
            ZipArchiveEntry prev = all.get(i - 1);
            ZipArchiveEntry cur = all.get(i);
            if (cur.getDataOffset() < prev.getDataOffset() + prev.getCompressedSize()) {
                throw new LimitExceededException("zip entries " + LayerWriter.printable(prev.getName()) + " and "
                        + LayerWriter.printable(cur.getName()) + " share or overlap their data (an overlapping-entry zip bomb); archive refused");
            }
        }
    }

    private static FileMeta meta(EntryKind kind, int unixMode, long mtime, boolean hasUnixMode) {
        FileMeta m = hasUnixMode ? FileMeta.of(kind, unixMode & 07777, 0, 0) : FileMeta.of(kind);
        if (hasUnixMode) {
            // zip records no owner: keep the mode, leave ownership unknown
            m = new FileMeta(kind, m.mode(), java.util.OptionalInt.empty(), java.util.OptionalInt.empty(),
                    m.user(), m.group(), m.linkTarget(), m.mtimeEpochSeconds());
        }
        return mtime > 0 ? m.withMtime(mtime) : m;
    }
}
