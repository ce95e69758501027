package dev.medsec.checks.sensitive;

import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.Image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * /etc/fstab and /etc/crypttab of one root filesystem, and whether a given directory ends up on storage that is
 * encrypted at rest (a dm-crypt mapping from crypttab, or an eCryptfs mount). Octal escapes ("\040") in fstab
 * fields are decoded; malformed lines are skipped.
 */
public final class MountTable {
    static final int MAX_BYTES = 1024 * 1024;

    /** Filesystems that never hold persistent data. */
    private static final Set<String> VOLATILE = Set.of("proc", "sysfs", "tmpfs", "devtmpfs", "devpts", "swap",
            "cgroup", "cgroup2", "debugfs", "securityfs", "configfs", "efivarfs", "pstore", "tracefs", "mqueue",
            "hugetlbfs", "ramfs", "bpf", "fusectl", "binfmt_misc", "none");
    /** Read-only image formats: patient data cannot be written there. */
    private static final Set<String> READ_ONLY_FORMATS = Set.of("squashfs", "iso9660", "erofs", "cramfs", "romfs");

    public record Mount(String device, String mountPoint, String fsType, String options, int line) {
        boolean persistent() {
            return !VOLATILE.contains(fsType) && !READ_ONLY_FORMATS.contains(fsType)
                    && !mountPoint.equals("none") && mountPoint.startsWith("/");
        }
    }

    /** How a mount protects data at rest, or empty when it does not. */
    public record Protection(String kind, String detail) {
    }

    private final String fstabPath;
    private final List<Mount> mounts;
    private final Set<String> cryptNames;
    private final Set<String> cryptSources;
    private final boolean fscryptConfigured;

    MountTable(String fstabPath, List<Mount> mounts, Set<String> cryptNames, Set<String> cryptSources,
               boolean fscryptConfigured) {
        this.fstabPath = fstabPath;
        this.mounts = List.copyOf(mounts);
        this.cryptNames = Set.copyOf(cryptNames);
        this.cryptSources = Set.copyOf(cryptSources);
        this.fscryptConfigured = fscryptConfigured;
    }

    public String fstabPath() {
        return fstabPath;
    }

    public List<Mount> mounts() {
        return mounts;
    }

    public boolean fscryptConfigured() {
        return fscryptConfigured;
    }

    /** One table per layer that has an /etc/fstab. */
    public static List<MountTable> of(Image image) throws IOException {
        List<MountTable> out = new ArrayList<>();
        for (Artifact fstab : image.findAll("/etc/fstab")) {
            Optional<Artifact> f = image.resolve(fstab).filter(a -> a.hasContent() && a.size() <= MAX_BYTES);
            if (f.isEmpty()) {
                continue;
            }
            Optional<Artifact> crypttab = image.get(fstab.layer(), "/etc/crypttab").flatMap(image::resolve)
                    .filter(a -> a.hasContent() && a.size() <= MAX_BYTES);
            boolean fscrypt = image.get(fstab.layer(), "/etc/fscrypt.conf").isPresent();
            out.add(parse(fstab.path(), text(f.get()), crypttab.isPresent() ? text(crypttab.get()) : "", fscrypt));
        }
        return out;
    }

    static MountTable parse(String fstabPath, String fstab, String crypttab, boolean fscrypt) {
        List<Mount> mounts = new ArrayList<>();
        int n = 0;
        for (String line : fstab.split("\n", -1)) {
            n++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] f = t.split("\\s+");
            if (f.length < 3) {
                continue;
            }
            mounts.add(new Mount(unescape(f[0]), unescape(f[1]), f[2], f.length > 3 ? f[3] : "defaults", n));
        }
        Set<String> names = new LinkedHashSet<>();
        Set<String> sources = new LinkedHashSet<>();
        for (String line : crypttab.split("\n", -1)) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] f = t.split("\\s+");
            if (f.length >= 2) {
                names.add(f[0]);
                sources.add(f[1]);
            }
        }
        return new MountTable(fstabPath, mounts, names, sources, fscrypt);
    }

    /** The persistent mount whose mount point is the longest prefix of {@code dir}. */
    public Optional<Mount> covering(String dir) {
        return mounts.stream().filter(Mount::persistent)
                .filter(m -> dir.equals(m.mountPoint()) || dir.startsWith(m.mountPoint().endsWith("/")
                        ? m.mountPoint() : m.mountPoint() + "/"))
                .max(Comparator.comparingInt(m -> m.mountPoint().length()));
    }

    /** True when {@code dir} lands on a volatile filesystem (tmpfs...), where nothing persists. */
    public boolean volatileAt(String dir) {
        return mounts.stream().filter(m -> !m.persistent() && m.mountPoint().startsWith("/"))
                .anyMatch(m -> dir.equals(m.mountPoint()) || dir.startsWith(m.mountPoint() + "/"));
    }

    public Optional<Protection> protection(Mount m) {
        if (m.fsType().equals("ecryptfs")) {
            return Optional.of(new Protection("ecryptfs", "eCryptfs mount"));
        }
        String dev = m.device();
        if (dev.startsWith("/dev/mapper/")) {
            String name = dev.substring("/dev/mapper/".length());
            if (cryptNames.contains(name)) {
                return Optional.of(new Protection("dm-crypt", "crypttab mapping '" + name + "'"));
            }
        }
        if (cryptSources.contains(dev)) {
            return Optional.of(new Protection("dm-crypt", "device is a crypttab source"));
        }
        if (fscryptConfigured && (m.fsType().equals("ext4") || m.fsType().equals("f2fs") || m.fsType().equals("ubifs"))) {
            return Optional.of(new Protection("fscrypt", "/etc/fscrypt.conf present on an fscrypt-capable filesystem"));
        }
        return Optional.empty();
    }

    /** Decodes fstab's octal escapes (space is "\040"). */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String text(Artifact a) throws IOException {
        ByteBuffer b = a.bytes();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
