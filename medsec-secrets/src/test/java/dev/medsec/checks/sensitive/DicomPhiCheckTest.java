package dev.medsec.checks.sensitive;

import dev.medsec.testkit.CheckTester;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DicomPhiCheckTest {
    @TempDir
    static Path dcm;
    @TempDir
    Path tmp;

    static final String HEAD = """
            (0008,0016) UI =SecondaryCaptureImageStorage
            (0008,0018) UI [1.2.826.0.1.3680043.2.1125.1.42]
            (0008,0060) CS [OT]
            (0008,1111) SQ (Sequence with undefined length #=1)
              (fffe,e000) na (Item with undefined length #=1)
                (0008,1150) UI [1.2.840.10008.3.1.2.3.3]
                (0008,1155) UI [1.2.826.0.1.3680043.2.1125.1.43]
              (fffe,e00d) na (ItemDelimitationItem)
            (fffe,e0dd) na (SequenceDelimitationItem)
            """;

    static void dump(String name, String body, String... options) throws IOException {
        Files.writeString(dcm.resolve(name + ".txt"), HEAD + body);
        String[] cmd = new String[options.length + 3];
        cmd[0] = "dump2dcm";
        System.arraycopy(options, 0, cmd, 1, options.length);
        cmd[cmd.length - 2] = name + ".txt";
        cmd[cmd.length - 1] = name + ".dcm";
        Tools.run(dcm, cmd);
    }

    @BeforeAll
    static void makeFiles() throws IOException {
        Tools.require("dump2dcm");
        String patient = "(0010,0010) PN [Doe^Jane]\n(0010,0020) LO [MRN-000123]\n(0010,0030) DA [19700101]\n";
        dump("explicit", patient, "+te");
        dump("implicit", patient, "+ti");
        dump("big", patient, "+tb");
        dump("deflated", patient, "+td");
        dump("undefined", patient, "+te", "-e");
        dump("empty", "(0010,0010) PN (no value available)\n(0010,0020) LO (no value available)\n", "+te");
        dump("anonymous", "(0010,0010) PN [ANONYMOUS]\n", "+ti");
        dump("removed", patient + "(0012,0062) CS [YES]\n", "+te");
    }

    @Test
    void inspect_patientDataInEveryTransferSyntax_reported() {
        CheckTester t = CheckTester.of(new DicomPhiCheck(), tmp);
        for (String n : new String[] {"explicit", "implicit", "big", "deflated", "undefined"}) {
            t.file("/data/" + n + ".dcm", dcm.resolve(n + ".dcm"))
                    .expect("/data/" + n + ".dcm", f -> f.evidence().get("attributes").toString()
                            .equals("[(0010,0010) PatientName, (0010,0020) PatientID, (0010,0030) PatientBirthDate]"), n);
        }
        t.run();
    }

    @Test
    void inspect_emptyAnonymousOrDeidentified_noFinding() {
        CheckTester.of(new DicomPhiCheck(), tmp)
                .file("/data/empty.dcm", dcm.resolve("empty.dcm"))
                .file("/data/anonymous.dcm", dcm.resolve("anonymous.dcm"))
                .file("/data/removed.dcm", dcm.resolve("removed.dcm"))
                .run();
    }

    @Test
    void inspect_evidence_neverContainsPatientValues() {
        CheckTester.Result r = CheckTester.of(new DicomPhiCheck(), tmp)
                .file("/d.dcm", dcm.resolve("explicit.dcm")).expect("/d.dcm").run();
        assertThat(r.findings().toString()).doesNotContain("Doe").doesNotContain("MRN-000123").doesNotContain("1970");
    }

    @Test
    void parse_everyTruncation_throwsDeclaredExceptionOnly() throws IOException {
        byte[] full = Files.readAllBytes(dcm.resolve("undefined.dcm"));
        for (int n = 0; n < full.length; n++) {
            ByteBuffer cut = ByteBuffer.wrap(Arrays.copyOf(full, n));
            try {
                DicomPatientModule.parse(cut);
            } catch (DicomPatientModule.DicomFormatException expected) {
                // the one declared failure
            }
        }
    }

    @Test
    void parse_hugeLengthField_rejectedWithoutAllocation() throws IOException {
        byte[] full = Files.readAllBytes(dcm.resolve("explicit.dcm"));
        byte[] bad = full.clone();
        // (0002,0001) OB: 2 reserved bytes then a 32-bit length; claim 4 GiB.
        bad[132 + 8] = 0x01;
        for (int i = 132; i < 400; i++) {
            if (bad[i] == 0x02 && bad[i + 1] == 0 && bad[i + 2] == 0x01 && bad[i + 3] == 0 && bad[i + 4] == 'O') {
                bad[i + 8] = (byte) 0xff;
                bad[i + 9] = (byte) 0xff;
                bad[i + 10] = (byte) 0xff;
                bad[i + 11] = (byte) 0x7f;
            }
        }
        assertThatThrownBy(() -> DicomPatientModule.parse(ByteBuffer.wrap(bad)))
                .isInstanceOf(DicomPatientModule.DicomFormatException.class);
    }
}
