package dev.medsec.checks.sensitive;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Fuzzes the principle 6 parsers with arbitrary bytes. Under {@code mvn verify} the committed corpus
 * (SensitiveParsersFuzzTestInputs/) runs as regression tests; with JAZZER_FUZZ=1 Jazzer explores further.
 * Contract: the DICOM reader throws only its declared exception; key parsing and rule confirmation never throw;
 * the PuTTY key reader and the PKCS#12 iteration reader throw only IOException.
 */
class SensitiveParsersFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void dicomParse_arbitraryBytes_onlyDeclaredException(byte[] input) {
        try {
            DicomPatientModule.parse(ByteBuffer.wrap(input));
        } catch (DicomPatientModule.DicomFormatException expected) {
            // the one declared failure
        }
        byte[] prefixed = new byte[132 + input.length];
        prefixed[128] = 'D';
        prefixed[129] = 'I';
        prefixed[130] = 'C';
        prefixed[131] = 'M';
        System.arraycopy(input, 0, prefixed, 132, input.length);
        try {
            DicomPatientModule.parse(ByteBuffer.wrap(prefixed));
        } catch (DicomPatientModule.DicomFormatException expected) {
            // the one declared failure
        }
    }

    @FuzzTest(maxDuration = "30s")
    void keyParsing_arbitraryBytes_neverThrows(byte[] input) {
        KeyParsing.parseDer(input);
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(input);
        for (String label : PrivateKeyPemCheck.LABELS) {
            KeyParsing.parsePem(label, "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n");
        }
        KeyParsing.parsePem("RSA PRIVATE KEY", "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
                + "DEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\n" + body + "\n-----END RSA PRIVATE KEY-----\n");
    }

    @FuzzTest(maxDuration = "30s")
    void secretRules_arbitraryLine_neverThrows(byte[] input) {
        String line = new String(input, StandardCharsets.ISO_8859_1);
        for (SecretRule rule : SecretRuleTable.builtIn()) {
            for (int at : new int[] {0, line.length() / 2, Math.max(0, line.length() - 1)}) {
                SecretTokenCheck.confirm(rule, line, at);
            }
        }
        Placeholders.isPlaceholder(line);
        if (!line.isEmpty()) {
            Redaction.redact(line);
        }
    }

    /** Arbitrary bytes as a whole PPK, and behind a valid header (the seeds are puttygen's v2 and v3 keys). */
    @FuzzTest(maxDuration = "30s")
    void ppk_arbitraryText_onlyIoException(byte[] input) {
        String text = new String(input, StandardCharsets.ISO_8859_1);
        for (String candidate : new String[] {text, "PuTTY-User-Key-File-3: ssh-ed25519\n" + text}) {
            try {
                KeyParsing.parsePpk(candidate);
            } catch (java.io.IOException expected) {
                // the one declared failure
            }
        }
    }

    /** Arbitrary DER as a PKCS#12 PFX (the seeds are openssl's and keytool's stores). */
    @FuzzTest(maxDuration = "30s")
    void pkcs12Iterations_arbitraryDer_onlyIoException(byte[] input) {
        try {
            Pkcs12Iterations.max(input);
        } catch (java.io.IOException expected) {
            // the one declared failure
        }
    }
}
