package dev.medsec.unpack;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class ByteBufferInputStreamTest {
    @Test
    void readsMarksAndResets() throws IOException {
        InputStream in = new ByteBufferInputStream(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5}).asReadOnlyBuffer());
        assertThat(in.read()).isEqualTo(1);
        in.mark(10);
        byte[] b = new byte[3];
        assertThat(in.read(b, 0, 3)).isEqualTo(3);
        assertThat(b).containsExactly(2, 3, 4);
        in.reset();
        assertThat(in.skip(2)).isEqualTo(2);
        assertThat(in.available()).isEqualTo(2);
        assertThat(in.read(b, 0, 3)).isEqualTo(2);
        assertThat(b[0]).isEqualTo((byte) 4);
        assertThat(in.read()).isEqualTo(-1);
        assertThat(in.read(b, 0, 3)).isEqualTo(-1);
        assertThat(in.read(b, 0, 0)).isZero();
    }

    @Test
    void neverMovesTheCallersBuffer() throws IOException {
        ByteBuffer shared = ByteBuffer.wrap(new byte[] {9, 8, 7});
        InputStream in = new ByteBufferInputStream(shared);
        in.readAllBytes();
        assertThat(shared.position()).isZero();
    }

    /** The decompressor's own use: a gzip stream of two members, read through mark and reset. */
    @Test
    void concatenatedGzipMembers_decompressFromTheBuffer() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (String part : new String[] {"first member\n", "second member\n"}) {
            ByteArrayOutputStream one = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(one)) {
                gz.write(part.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            all.write(one.toByteArray());
        }
        try (InputStream in = CompressedStreams.open(dev.medsec.core.classify.FileType.GZIP,
                new ByteBufferInputStream(ByteBuffer.wrap(all.toByteArray()).asReadOnlyBuffer()))) {
            assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII))
                    .isEqualTo("first member\nsecond member\n");
        }
    }
}
