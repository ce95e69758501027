package dev.medsec.checks.input;

import dev.medsec.testkit.CheckTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class ScriptChecksTest {
    @TempDir
    Path tmp;

    static final String UPDATER = """
            #!/bin/sh
            # curl -k https://example.invalid was the old way; comments must not count
            set -e
            URL=http://updates.example.invalid/fw
            wget --no-check-certificate https://updates.example.invalid/fw.ipk -O /tmp/fw.ipk
            curl -fsSk \\
                 https://updates.example.invalid/hook.sh -o /tmp/hook.sh
            curl -s http://updates.example.invalid/install.sh | sh
            opkg install /tmp/fw.ipk
            cat <<EOF
            run curl --insecure yourself if you must
            EOF
            """;

    static final String SIGNED_UPDATER = """
            #!/bin/sh
            set -e
            curl -fsS --cacert /etc/ssl/vendor-ca.pem https://updates.example.invalid/fw.ipk -o /tmp/fw.ipk
            curl -fsS --cacert /etc/ssl/vendor-ca.pem https://updates.example.invalid/fw.ipk.sig -o /tmp/fw.sig
            openssl dgst -sha256 -verify /etc/vendor/update.pub -signature /tmp/fw.sig /tmp/fw.ipk
            opkg install /tmp/fw.ipk
            """;

    @Test
    void tlsVerificationDisabled_curlKAndWget_reported_commentsHeredocsAndCacertClean() {
        CheckTester.of(new ScriptTlsVerificationDisabled(), tmp)
                .text("/usr/sbin/fw-update", UPDATER).text("/usr/sbin/fw-update-signed", SIGNED_UPDATER)
                .expect("/usr/sbin/fw-update", f -> f.evidence().get("line").equals(5))
                .expect("/usr/sbin/fw-update", f -> f.evidence().get("line").equals(6))
                .run();
    }

    @Test
    void unverifiedUpdate_pipeToShellAndUnsignedInstall_reported_signedClean() {
        CheckTester.of(new ScriptUnverifiedUpdate(), tmp)
                .text("/usr/sbin/fw-update", UPDATER).text("/usr/sbin/fw-update-signed", SIGNED_UPDATER)
                .text("/etc/init.d/net", "#!/bin/sh\nip link set eth0 up\nsh /etc/net.d/extra.sh\n")
                .expect("/usr/sbin/fw-update", f -> f.evidence().get("url").equals("http://updates.example.invalid/install.sh"))
                .expect("/usr/sbin/fw-update", f -> f.evidence().get("line").equals(9)
                        && f.evidence().get("downloadOverHttp").equals(true))
                .run();
    }

    @Test
    void unverifiedUpdate_downloadAndRunOnOneLine_reported_downloadAndListOnOneLineClean() {
        CheckTester.of(new ScriptUnverifiedUpdate(), tmp)
                .text("/opt/app/update.sh", "#!/bin/sh\ncurl -s http://updates.example.com/fw.bin -o /tmp/fw.bin && sh /tmp/fw.bin\n")
                .text("/opt/app/fetch-logo.sh", "#!/bin/sh\nwget -q http://cdn.example.com/logo.png -O /tmp/logo.png && ls -l /tmp/logo.png\n")
                .text("/opt/app/signed.sh", "#!/bin/sh\ncurl -s http://u.example.com/fw.bin -o /tmp/f && openssl dgst -sha256 "
                        + "-verify /etc/fw.pub -signature /tmp/f.sig /tmp/f && sh /tmp/f\n")
                .expect("/opt/app/update.sh", f -> f.evidence().get("line").equals(2) && f.message().contains("executed"))
                .run();
    }

    @Test
    void manifest_md5Only_reported_sha256SignedOrSiblingSignatureClean() {
        CheckTester.of(new UpdateManifestWeakDigest(), tmp)
                .text("/opt/update/manifest.json", "{\"image\": \"rootfs.img\", \"md5\": \"9e107d9d372bb6826bd81d3542a419d6\"}\n")
                .text("/opt/update/MD5SUMS", "9e107d9d372bb6826bd81d3542a419d6  rootfs.img\n")
                .text("/opt/update2/manifest.json", "{\"image\": \"rootfs.img\", \"sha256\": "
                        + "\"d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592\"}\n")
                .text("/opt/update3/MD5SUMS", "9e107d9d372bb6826bd81d3542a419d6  rootfs.img\n")
                .text("/opt/update3/MD5SUMS.asc", "-----BEGIN PGP SIGNATURE-----\n...\n")
                .text("/etc/motd", "9e107d9d372bb6826bd81d3542a419d6  not a manifest\n")
                .expect("/opt/update/manifest.json", f -> f.evidence().get("digest").equals("MD5"))
                .expect("/opt/update/MD5SUMS")
                .run();
    }
}
