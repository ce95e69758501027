package dev.medsec.checks.secureboot;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.Findings;
import dev.medsec.core.image.Artifact;
import dev.medsec.formats.MalformedFormatException;
import dev.medsec.formats.uefi.Guids;
import dev.medsec.formats.uefi.SignatureList;
import dev.medsec.formats.uefi.VariableStore;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The platform key (PK) in a UEFI variable store is a publicly known test key: AMI's "DO NOT TRUST" / "DO NOT
 * SHIP" reference key that shipped in production firmware (PKfail, CVE-2024-8105), or a snake-oil key whose
 * private half is published (Debian's OVMF test key). Whoever holds the private key signs KEK and db updates,
 * and so any boot loader: secure boot protects nothing.
 */
@CheckInfo(id = "secureboot.uefi-test-platform-key", principle = Principle.HARDWARE_SECURITY, severity = Severity.CRITICAL,
        cwe = {321, 1326}, summary = "UEFI platform key is a publicly known test key (PKfail)",
        remediation = "Generate a device-family platform key in an HSM, enroll it in the firmware's default PK"
                + " (and KEK/db signed with it), and revoke the test key; firmware built from a vendor reference tree must"
                + " never keep its sample PK.")
public final class UefiTestPlatformKey extends UefiVariableStoreCheck {
    /** Subject or issuer text of known test keys (case-insensitive). */
    static final List<String> TEST_KEY_MARKERS = List.of("do not trust", "do not ship", "snakeoil", "snake oil");

    @Override
    protected void inspect(VariableStore store, Artifact a, Findings out) {
        Optional<VariableStore.Variable> pk = store.find(Guids.GLOBAL_VARIABLE, "PK");
        if (pk.isEmpty()) {
            return;
        }
        List<SignatureList.Entry> entries;
        try {
            entries = SignatureList.parse(pk.get().data());
        } catch (MalformedFormatException e) {
            out.error(a.path(), "PK is not a valid EFI signature list: " + e.getMessage());
            return;
        }
        for (SignatureList.Entry e : entries) {
            if (!e.isX509()) {
                continue;
            }
            X509Certificate cert;
            byte[] der = new byte[e.data().remaining()];
            e.data().duplicate().get(der);
            try {
                cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
            } catch (CertificateException ex) {
                out.error(a.path(), "PK certificate does not parse: " + ex.getMessage());
                continue;
            }
            String subject = cert.getSubjectX500Principal().getName();
            String issuer = cert.getIssuerX500Principal().getName();
            String both = (subject + " " + issuer).toLowerCase(Locale.ROOT);
            for (String marker : TEST_KEY_MARKERS) {
                if (both.contains(marker)) {
                    out.at(a).message("UEFI platform key is a known test key: " + subject)
                            .evidence("variable", "PK").evidence("subject", subject).evidence("issuer", issuer)
                            .evidence("sha256", sha256(der)).evidence("marker", marker)
                            .evidence("reference", "CVE-2024-8105 (PKfail)").key(sha256(der)).report();
                    break;
                }
            }
        }
    }

    private static String sha256(byte[] der) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
        }
    }
}
