package dev.medsec.core.image;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Metadata as the image declares it (archive headers, filesystem inodes), kept because unpacking as a
 * non-root user loses ownership and setuid bits that later checks need.
 *
 * @param mode       permission bits including setuid (04000), setgid (02000) and sticky (01000); empty if unknown
 * @param linkTarget target of a symbolic or hard link, as written in the image (never followed on the host)
 */
public record FileMeta(EntryKind kind, OptionalInt mode, OptionalInt uid, OptionalInt gid,
                       Optional<String> user, Optional<String> group, Optional<String> linkTarget,
                       OptionalLong mtimeEpochSeconds) {

    public static final int SETUID = 04000;
    public static final int SETGID = 02000;
    public static final int STICKY = 01000;
    public static final int OTHER_WRITE = 0002;

    public FileMeta {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(gid, "gid");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(linkTarget, "linkTarget");
        Objects.requireNonNull(mtimeEpochSeconds, "mtimeEpochSeconds");
    }

    public static FileMeta of(EntryKind kind) {
        return new FileMeta(kind, OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), OptionalLong.empty());
    }

    public static FileMeta of(EntryKind kind, int mode, int uid, int gid) {
        return new FileMeta(kind, OptionalInt.of(mode & 07777), OptionalInt.of(uid), OptionalInt.of(gid),
                Optional.empty(), Optional.empty(), Optional.empty(), OptionalLong.empty());
    }

    public FileMeta withLinkTarget(String target) {
        return new FileMeta(kind, mode, uid, gid, user, group, Optional.of(target), mtimeEpochSeconds);
    }

    public FileMeta withNames(Optional<String> userName, Optional<String> groupName) {
        return new FileMeta(kind, mode, uid, gid, userName, groupName, linkTarget, mtimeEpochSeconds);
    }

    public FileMeta withMtime(long epochSeconds) {
        return new FileMeta(kind, mode, uid, gid, user, group, linkTarget, OptionalLong.of(epochSeconds));
    }

    private boolean hasBits(int bits) {
        return mode.isPresent() && (mode.getAsInt() & bits) != 0;
    }

    public boolean isSetuid() {
        return hasBits(SETUID);
    }

    public boolean isSetgid() {
        return hasBits(SETGID);
    }

    public boolean isSticky() {
        return hasBits(STICKY);
    }

    public boolean isWorldWritable() {
        return hasBits(OTHER_WRITE);
    }

    public boolean isExecutable() {
        return hasBits(0111);
    }

    /** Mode as the usual four octal digits, or "?" when the image did not record it. */
    public String modeOctal() {
        return mode.isPresent() ? String.format("%04o", mode.getAsInt()) : "?";
    }
}
