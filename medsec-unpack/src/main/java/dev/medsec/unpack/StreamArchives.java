package dev.medsec.unpack;

import dev.medsec.core.image.EntryKind;
import dev.medsec.core.image.FileMeta;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Streaming archive formats (tar, cpio, ar), read with Commons Compress, written through a {@link LayerWriter}. */
final class StreamArchives {
    /** Longest symbolic-link target read from a cpio body; longer ones are refused. */
    private static final int MAX_LINK_TARGET = 4096;

    private StreamArchives() {
    }

    static void tar(InputStream in, LayerWriter out, RatioGuard guard) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String name = e.getName();
                long mtime = e.getModTime().getTime() / 1000;
                if (e.isSymbolicLink()) {
                    out.symlink(name, LayerWriter.meta(EntryKind.SYMLINK, e.getMode(), e.getLongUserId(),
                            e.getLongGroupId(), e.getUserName(), e.getGroupName(), mtime), e.getLinkName());
                } else if (e.isLink()) {
                    out.hardlink(name, LayerWriter.meta(EntryKind.HARDLINK, e.getMode(), e.getLongUserId(),
                            e.getLongGroupId(), e.getUserName(), e.getGroupName(), mtime), e.getLinkName());
                } else if (e.isDirectory()) {
                    out.directory(name, LayerWriter.meta(EntryKind.DIRECTORY, e.getMode(), e.getLongUserId(),
                            e.getLongGroupId(), e.getUserName(), e.getGroupName(), mtime));
                } else if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
                    EntryKind kind = e.isCharacterDevice() ? EntryKind.CHAR_DEVICE
                            : e.isBlockDevice() ? EntryKind.BLOCK_DEVICE : EntryKind.FIFO;
                    out.special(name, LayerWriter.meta(kind, e.getMode(), e.getLongUserId(), e.getLongGroupId(),
                            e.getUserName(), e.getGroupName(), mtime));
                } else if (e.isFile()) {
                    out.file(name, LayerWriter.meta(EntryKind.FILE, e.getMode(), e.getLongUserId(),
                            e.getLongGroupId(), e.getUserName(), e.getGroupName(), mtime), tar, guard);
                } else {
                    // pax/GNU meta entries are consumed by the stream itself; anything else is recorded
                    out.special(name, LayerWriter.meta(EntryKind.OTHER, e.getMode(), e.getLongUserId(),
                            e.getLongGroupId(), e.getUserName(), e.getGroupName(), mtime));
                }
            }
        }
    }

    static void cpio(InputStream in, LayerWriter out, RatioGuard guard) throws IOException {
        cpio(in, out, guard, 512);
    }

    /**
     * @param blockSize the alignment the archive's end is padded to: 512 as cpio(1) writes, 4 inside an initramfs,
     *                  whose next archive may start at any 4-byte boundary
     */
    static void cpio(InputStream in, LayerWriter out, RatioGuard guard, int blockSize) throws IOException {
        try (CpioArchiveInputStream cpio = new CpioArchiveInputStream(in, blockSize)) {
            CpioArchiveEntry e;
            while ((e = cpio.getNextEntry()) != null) {
                long mode = e.getMode();
                EntryKind kind = LayerWriter.kindOfMode(mode);
                FileMeta meta = LayerWriter.meta(kind, mode, e.getUID(), e.getGID(), null, null, e.getTime() / 1000);
                String name = e.getName();
                switch (kind) {
                    case DIRECTORY -> out.directory(name, meta);
                    case SYMLINK -> {
                        if (e.getSize() > MAX_LINK_TARGET) {
                            out.error("symbolic link " + LayerWriter.printable(name) + " has an oversized target; skipped");
                        } else {
                            byte[] target = cpio.readNBytes((int) e.getSize());
                            out.symlink(name, meta, new String(target, StandardCharsets.UTF_8));
                        }
                    }
                    case FILE -> out.file(name, meta, cpio, guard);
                    default -> out.special(name, meta);
                }
            }
        }
    }

    static void ar(InputStream in, LayerWriter out, RatioGuard guard) throws IOException {
        try (ArArchiveInputStream ar = new ArArchiveInputStream(in)) {
            ArArchiveEntry e;
            while ((e = ar.getNextEntry()) != null) {
                FileMeta meta = LayerWriter.meta(EntryKind.FILE, e.getMode(), e.getUserId(), e.getGroupId(), null, null,
                        e.getLastModified());
                out.file(e.getName(), meta, ar, guard);
            }
        }
    }
}
