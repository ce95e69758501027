package dev.medsec.unpack;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.EntryKind;
import dev.medsec.core.image.FileMeta;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes each layout and filesystem reader of this module on its own: partition tables, uImage, FIT, FAT, Android
 * sparse and the carver. Under {@code mvn verify} the committed corpus (LayoutFuzzTestInputs/, made by
 * make-corpus.sh beside it with the real tools) runs as regression tests; with JAZZER_FUZZ=1 Jazzer explores
 * further. The contract: only the readers' declared IOExceptions escape, every claimed range lies inside the
 * input and no two overlap, and a member's bytes can be read.
 */
class LayoutFuzzTest {
    private static final UnpackLimits SMALL = new UnpackLimits(8L << 20, 2_000, 200, 3, 30);

    private static void checkPieces(Layout layout, long size) {
        long end = 0;
        for (Layout.Piece p : layout.pieces()) {
            assertThat(p.offset()).isGreaterThanOrEqualTo(0);
            assertThat(p.length()).isGreaterThanOrEqualTo(0);
            assertThat(p.end()).isLessThanOrEqualTo(size);
            end = p.end();
        }
        assertThat(end).isLessThanOrEqualTo(size);
    }

    private static void readOrRefuse(LayoutReader reader, byte[] input) {
        try (ByteSource src = ByteSource.of(ByteBuffer.wrap(input))) {
            checkPieces(reader.read(src), input.length);
        } catch (IOException expected) {
            // a clear refusal is the contract for malformed input
        }
    }

    @FuzzTest(maxDuration = "30s")
    void partitionTables_arbitraryBytes_refuseOrStayInBounds(byte[] input) {
        readOrRefuse(PartitionTables::read, input);
    }

    @FuzzTest(maxDuration = "30s")
    void uImage_arbitraryBytes_refuseOrStayInBounds(byte[] input) {
        readOrRefuse(UImages::read, input);
    }

    @FuzzTest(maxDuration = "30s")
    void fit_arbitraryBytes_refuseOrStayInBounds(byte[] input) {
        readOrRefuse(FitImages::read, input);
    }

    @FuzzTest(maxDuration = "30s")
    void carve_arbitraryBytes_piecesInOrderInsideTheInput(byte[] input) throws IOException {
        try (ByteSource src = ByteSource.of(ByteBuffer.wrap(input))) {
            long end = 0;
            for (Layout.Piece p : Carver.carve(src, 0, input.length, input.length)) {
                assertThat(p.offset()).isGreaterThanOrEqualTo(end);
                assertThat(p.end()).isLessThanOrEqualTo(input.length);
                end = p.end();
            }
        }
    }

    /** The tree readers (FAT, Android sparse, ISO 9660, cramfs, JFFS2, UBI, UBIFS, UEFI volumes) write members: through a real sandbox, whose budgets must hold. */
    @FuzzTest(maxDuration = "30s")
    void fatAndSparse_arbitraryBytes_refuseOrWriteInsideTheSandbox(byte[] input) throws IOException {
        Path dir = Files.createTempDirectory("medsec-fuzz-");
        try (Sandbox sb = Sandbox.create(SMALL, dir)) {
            Artifact image = Artifact.ofBytes("", "/image", FileMeta.of(EntryKind.FILE), input);
            for (int reader = 0; reader < 8; reader++) {
                LayerWriter out = new LayerWriter(sb, "/image", e -> { });
                try (ByteSource src = ByteSource.of(image)) {
                    switch (reader) {
                        case 0 -> FatFilesystem.read(src, image, out);
                        case 1 -> SparseImages.unsparse(image, out, sb);
                        case 2 -> Iso9660Filesystem.read(src, image, out);
                        case 3 -> CramfsFilesystem.read(src, out);
                        case 4 -> Jffs2Filesystem.read(src, out);
                        case 5 -> UbiImage.read(src, out);
                        case 6 -> UbifsFilesystem.read(src, out);
                        default -> UefiVolumes.read(src, out);
                    }
                } catch (IOException expected) {
                    // refused
                }
                for (Artifact a : out.artifacts()) {
                    a.contentFile().ifPresent(p -> assertThat(p).startsWith(sb.root()));
                    try (InputStream in = a.open()) {
                        in.readNBytes(16);
                    }
                }
            }
        } finally {
            Sandbox.deleteTree(dir);
        }
    }
}
