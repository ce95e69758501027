package dev.medsec.checks.hardening;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.Findings;
import dev.medsec.core.check.ImageCheck;
import dev.medsec.core.classify.FileType;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.EntryKind;
import dev.medsec.core.image.Image;
import dev.medsec.elf.ElfFile;
import dev.medsec.elf.ElfFormatException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * DT_RPATH / DT_RUNPATH entries the loader searches before the system directories. An entry is dangerous when
 * someone other than root can put a library there: an empty or relative entry (resolved against the process's
 * working directory), a $ORIGIN path that climbs out of the image, or a directory that is world-writable in the
 * image or by convention (/tmp, /var/tmp, /dev/shm). Any other entry is reported for information, as checksec
 * does. An image check because judging a directory needs the image's own modes.
 */
@CheckInfo(id = "hardening.unsafe-rpath", principle = Principle.TOOLCHAIN_HARDENING, severity = Severity.HIGH,
        cwe = {426, 427},
        summary = "RPATH/RUNPATH lets a library be loaded from a place others can write",
        remediation = "Remove the search path (chrpath -d, patchelf --remove-rpath) or use absolute root-owned "
                + "directories; never '', relative paths, world-writable directories or $ORIGIN/.. above the image.")
public final class UnsafeRunPath implements ImageCheck {
    private static final Set<String> WRITABLE_BY_CONVENTION = Set.of("/tmp", "/var/tmp", "/dev/shm", "/run/shm",
            "/var/lock", "/run/lock");

    /** Kinds of entries, worst first. */
    enum Risk { WORLD_WRITABLE, EMPTY, RELATIVE, ORIGIN_ESCAPES, ABSOLUTE }

    @Override
    public void inspect(Image image, Findings out) throws IOException {
        for (Artifact a : image.artifacts()) {
            if (!a.hasContent() || a.type() != FileType.ELF) {
                continue;
            }
            Optional<ElfFile> elf = a.tryView(ElfFile.VIEW);
            if (elf.isEmpty() || !elf.get().hasDynamicSection()) {
                continue;
            }
            try {
                inspect(image, a, elf.get(), out);
            } catch (ElfFormatException e) {
                out.error(a.path(), e.getMessage());
            }
        }
    }

    private void inspect(Image image, Artifact a, ElfFile elf, Findings out) throws ElfFormatException {
        List<String> tags = new ArrayList<>();
        List<String> entries = new ArrayList<>();
        Optional<String> rpath = elf.rpath();
        Optional<String> runpath = elf.runpath();
        rpath.ifPresent(p -> {
            tags.add("DT_RPATH=" + p);
            entries.addAll(List.of(p.split(":", -1)));
        });
        runpath.ifPresent(p -> {
            tags.add("DT_RUNPATH=" + p);
            entries.addAll(List.of(p.split(":", -1)));
        });
        if (entries.isEmpty()) {
            return;
        }
        Risk worst = Risk.ABSOLUTE;
        String worstEntry = entries.get(0);
        for (String e : entries) {
            Risk r = classify(image, a, e);
            if (r.ordinal() < worst.ordinal()) {
                worst = r;
                worstEntry = e;
            }
        }
        Severity sev = switch (worst) {
            case WORLD_WRITABLE, EMPTY, RELATIVE -> Severity.HIGH;
            case ORIGIN_ESCAPES -> Severity.MEDIUM;
            case ABSOLUTE -> Severity.INFO;
        };
        String why = switch (worst) {
            case WORLD_WRITABLE -> "searches world-writable directory '" + worstEntry + "'";
            case EMPTY -> "has an empty entry, which means the current working directory";
            case RELATIVE -> "has relative entry '" + worstEntry + "', resolved against the working directory";
            case ORIGIN_ESCAPES -> "entry '" + worstEntry + "' climbs out of the image from the binary's directory";
            case ABSOLUTE -> "sets a library search path (" + String.join(", ", tags) + ")";
        };
        out.at(a).severity(sev)
                .message((rpath.isPresent() ? "RPATH" : "RUNPATH") + " " + why)
                .evidence("dynamic", String.join("; ", tags))
                .evidence("entry", worstEntry)
                .evidence("risk", worst.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                .report();
    }

    static Risk classify(Image image, Artifact binary, String entry) {
        if (entry.isEmpty()) {
            return Risk.EMPTY;
        }
        String dir;
        if (entry.startsWith("$ORIGIN") || entry.startsWith("${ORIGIN}")) {
            String rest = entry.substring(entry.indexOf('N') + (entry.startsWith("${") ? 2 : 1));
            String origin = parent(binary.innerPath());
            Optional<String> resolved = normalize(origin + "/" + rest);
            if (resolved.isEmpty()) {
                return Risk.ORIGIN_ESCAPES;
            }
            dir = resolved.get();
        } else if (entry.startsWith("/")) {
            dir = normalize(entry).orElse("/");
        } else {
            return Risk.RELATIVE;
        }
        if (underWritableByConvention(dir) || worldWritableInImage(image, binary.layer(), dir)) {
            return Risk.WORLD_WRITABLE;
        }
        return Risk.ABSOLUTE;
    }

    private static boolean underWritableByConvention(String dir) {
        for (String w : WRITABLE_BY_CONVENTION) {
            if (dir.equals(w) || dir.startsWith(w + "/")) {
                return true;
            }
        }
        return false;
    }

    private static boolean worldWritableInImage(Image image, String layer, String dir) {
        for (String d = dir; !d.isEmpty(); d = parent(d)) {
            Optional<Artifact> e = image.get(layer, d);
            if (e.isPresent() && e.get().kind() == EntryKind.DIRECTORY && e.get().meta().isWorldWritable()) {
                return true;
            }
            if (d.equals("/")) {
                break;
            }
        }
        return false;
    }

    private static String parent(String path) {
        int i = path.lastIndexOf('/');
        return i <= 0 ? "/" : path.substring(0, i);
    }

    /** Resolves "." and ".." lexically; empty when ".." climbs above the root. */
    static Optional<String> normalize(String path) {
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (parts.isEmpty()) {
                    return Optional.empty();
                }
                parts.remove(parts.size() - 1);
            } else {
                parts.add(p);
            }
        }
        return Optional.of("/" + String.join("/", parts));
    }

}
