package dev.medsec.sbom.catalog;

import dev.medsec.core.Component;
import dev.medsec.core.ScanError;
import dev.medsec.core.catalog.Cataloger;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.Image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;

/**
 * Components without a package database (Buildroot, Yocto without manifests, vendor blobs), identified by the
 * version strings their binaries carry. Only files whose name fits a row are read, and only ELF files unless the
 * row says otherwise, so a changelog or README that names an old release never counts. Files a package manager
 * owns are left to the package catalogers (see {@link PackageOwnership}). Evidence records the exact string and
 * its offset.
 */
public final class BinaryClassifierCataloger implements Cataloger {
    /** Files larger than this are not searched (a 256 MiB firmware blob is the unpacker's job, not ours). */
    static final long MAX_FILE = 256L * 1024 * 1024;
    private static final byte[] ELF_MAGIC = {0x7f, 'E', 'L', 'F'};

    private final ClassifierTable table;

    public BinaryClassifierCataloger() {
        this(ClassifierTable.builtIn());
    }

    BinaryClassifierCataloger(ClassifierTable table) {
        this.table = table;
    }

    @Override
    public String name() {
        return "binary-classifier";
    }

    @Override
    public List<Component> catalog(Image image, Consumer<ScanError> errors) throws IOException {
        List<Component> out = new ArrayList<>();
        PackageOwnership owned = PackageOwnership.of(image);
        image.files().filter(a -> !owned.owns(a)).forEach(a -> classify(a, errors).ifPresent(out::add));
        return out;
    }

    /** The component a single file is, if a row recognises it. */
    public Optional<Component> classify(Artifact a, Consumer<ScanError> errors) {
        String fileName = a.fileName();
        List<ClassifierTable.Row> candidates = new ArrayList<>();
        for (ClassifierTable.Row r : table.rows()) {
            if (r.files().matcher(fileName).matches()) {
                candidates.add(r);
            }
        }
        if (candidates.isEmpty() || a.size() == 0 || a.size() > MAX_FILE) {
            return Optional.empty();
        }
        try {
            ByteBuffer bytes = a.bytes();
            boolean elf = isElf(bytes);
            Latin1Sequence text = null;
            for (ClassifierTable.Row r : candidates) {
                if (r.requireElf() && !elf) {
                    continue;
                }
                if (text == null) {
                    text = new Latin1Sequence(bytes);
                }
                if (r.marker().isPresent() && !r.marker().get().matcher(text).find()) {
                    continue;
                }
                Matcher m = r.evidence().matcher(text);
                if (m.find()) {
                    String version = r.normalizeVersion(m.group("version"));
                    Map<String, Object> ev = new LinkedHashMap<>();
                    ev.put("classifier", r.name());
                    ev.put("match", printable(m.group()));
                    ev.put("offset", m.start());
                    if (!r.vendor().isEmpty()) {
                        ev.put("supplier", r.vendor());
                    }
                    return Optional.of(new Component(r.name(), version, Optional.of(r.purlFor(version)),
                            r.cpeFor(version), name(), a.path(), ev));
                }
            }
        } catch (IOException e) {
            errors.accept(new ScanError(a.path(), ScanError.Stage.CATALOG, "cannot read: " + e.getMessage()));
        }
        return Optional.empty();
    }

    private static boolean isElf(ByteBuffer b) {
        if (b.remaining() < 4) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            if (b.get(b.position() + i) != ELF_MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c >= 0x20 && c < 0x7f ? c : '.');
        }
        return sb.length() > 200 ? sb.substring(0, 200) : sb.toString();
    }

    /** The bytes seen as ISO-8859-1 characters, without copying (regexes run over mapped files). */
    static final class Latin1Sequence implements CharSequence {
        private final ByteBuffer buf;
        private final int start;
        private final int end;

        Latin1Sequence(ByteBuffer buf) {
            this(buf, buf.position(), buf.limit());
        }

        private Latin1Sequence(ByteBuffer buf, int start, int end) {
            this.buf = buf;
            this.start = start;
            this.end = end;
        }

        @Override
        public int length() {
            return end - start;
        }

        @Override
        public char charAt(int index) {
            return (char) (buf.get(start + index) & 0xff);
        }

        @Override
        public CharSequence subSequence(int from, int to) {
            return new Latin1Sequence(buf, start + from, start + to);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(length());
            for (int i = 0; i < length(); i++) {
                sb.append(charAt(i));
            }
            return sb.toString();
        }
    }
}
