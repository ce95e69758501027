package dev.medsec.checks.sensitive;

import dev.medsec.checks.sensitive.PrivateKeyInfoSummary.Encrypted;
import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.FileCheck;
import dev.medsec.core.check.FindingBuilder;
import dev.medsec.core.check.Findings;
import dev.medsec.core.classify.FileType;
import dev.medsec.core.image.Artifact;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Binary (DER) private keys: a file that is exactly one PKCS#8, encrypted PKCS#8, PKCS#1 RSA or SEC1 EC
 * structure. The whole file must be the structure, so random data that happens to start like DER is not a key.
 */
@CheckInfo(id = "sensitive.private-key-der", principle = Principle.SENSITIVE_DATA, severity = Severity.HIGH,
        cwe = {321, 312},
        summary = "Private key stored in DER form on the filesystem",
        remediation = "Keep device keys in a secure element, TPM or PKCS#11 token; never ship a private key in the "
                + "image. If a key must be on disk, store it as encrypted PKCS#8 (PBES2 with PBKDF2 or scrypt and AES).")
public final class PrivateKeyDerCheck implements FileCheck {
    private static final int MIN_SIZE = 32;

    @Override
    public boolean appliesTo(Artifact artifact) {
        return artifact.type() == FileType.OTHER && artifact.size() >= MIN_SIZE
                && artifact.size() <= KeyParsing.MAX_KEY_BYTES;
    }

    @Override
    public void inspect(Artifact artifact, Findings out) throws IOException {
        ByteBuffer buf = artifact.bytes();
        if (buf.get(0) != 0x30) {
            return;
        }
        byte[] der = new byte[buf.remaining()];
        buf.get(der);
        Optional<PrivateKeyInfoSummary> key = KeyParsing.parseDer(der);
        if (key.isEmpty()) {
            return;
        }
        PrivateKeyInfoSummary k = key.get();
        FindingBuilder b = out.at(artifact);
        k.evidence().forEach(b::evidence);
        String what = k.algorithm() + (k.bits() > 0 ? " " + k.bits() + "-bit" : "") + " private key (" + k.format() + ")";
        if (k.protection() instanceof Encrypted e) {
            if (e.weak()) {
                b.severity(Severity.MEDIUM).message(what + " protected only by weak encryption: " + e.why());
            } else {
                b.severity(Severity.LOW).message(what + " encrypted with " + e.kdf() + " / " + e.cipher());
            }
        } else {
            b.message("Unencrypted " + what);
        }
        b.report();
    }
}
