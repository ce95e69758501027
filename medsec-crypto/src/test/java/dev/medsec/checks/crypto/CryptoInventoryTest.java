package dev.medsec.checks.crypto;

import dev.medsec.testkit.DebianPackages;
import dev.medsec.testkit.CheckTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CryptoInventoryTest {
    @TempDir
    Path tmp;

    @Test
    void inspect_realLibcryptoAndItsUser_listedInSection() {
        Path gcm = CBuild.exe(tmp, "gcc", "gcm", CSources.EVP_AES_GCM, "-lcrypto");
        Path root = DebianPackages.extract(tmp.resolve("deb"), "libssl3");
        Path libcrypto = root.resolve("usr/lib/x86_64-linux-gnu/libcrypto.so.3");
        var r = CheckTester.of(new CryptoInventory(), tmp)
                .file("/usr/lib/libcrypto.so.3", libcrypto).file("/usr/bin/gcm", gcm)
                .text("/etc/hostname", "device\n").run();
        CryptoInventory.Inventory inv = (CryptoInventory.Inventory) r.sections().get("cryptoInventory");
        assertThat(inv.libraries()).singleElement().satisfies(l -> {
            assertThat(l.library()).isEqualTo("OpenSSL libcrypto");
            assertThat(l.soname()).isEqualTo("libcrypto.so.3");
            assertThat(l.users()).containsExactly("/usr/bin/gcm");
        });
    }

    @Test
    void inspect_noCrypto_noSection() {
        var r = CheckTester.of(new CryptoInventory(), tmp).text("/etc/hostname", "device\n").run();
        assertThat(r.sections()).isEmpty();
    }
}
