package dev.medsec.attacksurface.kernel;

import dev.medsec.core.classify.FileType;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.ViewKey;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The configuration a kernel carries when built with CONFIG_IKCONFIG: a gzip stream between the markers
 * {@code IKCFG_ST} and {@code IKCFG_ED} inside vmlinux, inside the compressed payload of zImage, bzImage,
 * Image.gz or a uImage, or inside the {@code configs.ko} module. Compressed kernels are decompressed as a
 * stream (never fully in memory) up to a byte budget.
 */
public final class EmbeddedConfig {
    /** The embedded configuration of a kernel image or configs.ko; empty when the kernel has none. */
    public static final ViewKey<Optional<KernelConfig>> VIEW = ViewKey.of("ikconfig", EmbeddedConfig::extract);

    /** Budget for decompressing one kernel payload: real kernels are well below 128 MiB. */
    static final long MAX_KERNEL_BYTES = 256L << 20;
    /** The gzip payload itself: real ones are 30-80 KiB. */
    static final int MAX_PAYLOAD = 4 << 20;
    private static final int MAX_CANDIDATES = 12;
    private static final byte[] START = "IKCFG_ST".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "IKCFG_ED".getBytes(StandardCharsets.US_ASCII);

    private EmbeddedConfig() {
    }

    /** Cheap test: could this artifact hold an embedded configuration? */
    public static boolean mayHold(Artifact a) {
        if (!a.hasContent() || a.size() < 1024) {
            return false;
        }
        String name = a.fileName().toLowerCase(Locale.ROOT);
        FileType t = a.type();
        if (t == FileType.LINUX_KERNEL || t == FileType.UIMAGE) {
            return true;
        }
        boolean kernelName = name.startsWith("vmlinu") || name.startsWith("image") || name.startsWith("zimage")
                || name.startsWith("bzimage") || name.startsWith("kernel") || name.startsWith("configs.ko");
        return kernelName && (t == FileType.ELF || t == FileType.GZIP || t == FileType.XZ || t == FileType.ZSTD
                || t == FileType.BZIP2 || t == FileType.OTHER);
    }

    static Optional<KernelConfig> extract(Artifact a) throws IOException {
        return extract(a.bytes());
    }

    /** Extracts the embedded configuration from raw or compressed kernel bytes. */
    public static Optional<KernelConfig> extract(ByteBuffer content) throws IOException {
        KernelConfigException rawFailure = null;
        Optional<byte[]> raw = payloadIn(content);
        if (raw.isPresent()) {
            try {
                return Optional.of(parsePayload(raw.get()));
            } catch (KernelConfigException e) {
                // The markers can show through a compressed kernel (deflate "stored" blocks copy bytes
                // verbatim but split them with block headers): look inside the compressed stream before failing.
                rawFailure = e;
            }
        }
        for (Decompressors.Candidate c : Decompressors.candidates(content, MAX_CANDIDATES)) {
            Optional<byte[]> payload;
            try (InputStream in = Decompressors.open(content, c, MAX_KERNEL_BYTES)) {
                payload = payloadIn(in);
            } catch (IOException | RuntimeException e) {
                // Not a real stream at this offset (a magic number inside code or data): try the next one.
                continue;
            }
            if (payload.isPresent()) {
                return Optional.of(parsePayload(payload.get()));
            }
        }
        if (rawFailure != null) {
            throw rawFailure;
        }
        return Optional.empty();
    }

    private static KernelConfig parsePayload(byte[] payload) throws KernelConfigException {
        try (InputStream in = Decompressors.open(ByteBuffer.wrap(payload), Decompressors.Format.GZIP,
                KernelConfig.MAX_BYTES)) {
            byte[] text = in.readAllBytes();
            return KernelConfig.parse(new String(text, StandardCharsets.ISO_8859_1));
        } catch (KernelConfigException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new KernelConfigException("IKCONFIG payload is not a valid gzip stream: " + e.getMessage(), e);
        }
    }

    /** The bytes between the markers in an uncompressed buffer. */
    private static Optional<byte[]> payloadIn(ByteBuffer b) {
        int start = indexOf(b, START, 0);
        if (start < 0) {
            return Optional.empty();
        }
        int from = start + START.length;
        int end = indexOf(b, END, from);
        if (end < 0 || end - from > MAX_PAYLOAD) {
            return Optional.empty();
        }
        byte[] out = new byte[end - from];
        b.duplicate().position(from).get(out);
        return Optional.of(out);
    }

    /** Streams a decompressed kernel looking for the markers; keeps only the payload in memory. */
    private static Optional<byte[]> payloadIn(InputStream in) throws IOException {
        byte[] buf = new byte[256 * 1024];
        int matchedStart = 0;
        int matchedEnd = 0;
        ByteArrayOutputStream payload = null;
        int n;
        while ((n = in.read(buf)) > 0) {
            for (int i = 0; i < n; i++) {
                byte c = buf[i];
                if (payload == null) {
                    matchedStart = advance(START, matchedStart, c);
                    if (matchedStart == START.length) {
                        payload = new ByteArrayOutputStream();
                    }
                    continue;
                }
                payload.write(c);
                matchedEnd = advance(END, matchedEnd, c);
                if (matchedEnd == END.length) {
                    byte[] all = payload.toByteArray();
                    byte[] out = new byte[all.length - END.length];
                    System.arraycopy(all, 0, out, 0, out.length);
                    return Optional.of(out);
                }
                if (payload.size() > MAX_PAYLOAD) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** One step of a matcher for a pattern without a repeated prefix (true of both markers' first byte). */
    private static int advance(byte[] pattern, int matched, byte c) {
        if (pattern[matched] == c) {
            return matched + 1;
        }
        return pattern[0] == c ? 1 : 0;
    }

    static int indexOf(ByteBuffer b, byte[] pat, int from) {
        int n = b.limit() - pat.length;
        byte first = pat[0];
        outer:
        for (int i = Math.max(from, 0); i <= n; i++) {
            if (b.get(i) != first) {
                continue;
            }
            for (int k = 1; k < pat.length; k++) {
                if (b.get(i + k) != pat[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
