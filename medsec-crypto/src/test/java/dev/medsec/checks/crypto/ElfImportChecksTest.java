package dev.medsec.checks.crypto;

import dev.medsec.checks.input.ElfDangerousFunctions;
import dev.medsec.core.Severity;
import dev.medsec.testkit.CheckTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

class ElfImportChecksTest {
    @TempDir
    Path tmp;

    private static final String STUB = """
            void *EVP_md5(void){return 0;} void *EVP_des_ede3_cbc(void){return 0;} void *EVP_aes_128_ecb(void){return 0;}
            void *EVP_aes_256_gcm(void){return 0;} void *EVP_sha256(void){return 0;} int MD5_Init(void *c){return 0;}
            """;
    private static final String WEAK = """
            #include <stdio.h>
            void *EVP_md5(void); void *EVP_des_ede3_cbc(void); void *EVP_aes_128_ecb(void); int MD5_Init(void *c);
            int main(void) { printf("%p %p %p %d\\n", EVP_md5(), EVP_des_ede3_cbc(), EVP_aes_128_ecb(), MD5_Init(0)); return 0; }
            """;
    private static final String STRONG = """
            #include <stdio.h>
            void *EVP_aes_256_gcm(void); void *EVP_sha256(void);
            int main(void) { printf("%p %p\\n", EVP_aes_256_gcm(), EVP_sha256()); return 0; }
            """;

    @Test
    void weakPrimitives_aarch64BinaryImportingMd5DesEcb_onePerFamily() {
        CBuild.stubLibrary(tmp, "aarch64-linux-gnu-gcc", "libcrypto.so.3", STUB);
        Path weak = CBuild.exe(tmp, "aarch64-linux-gnu-gcc", "weak", WEAK, "-L.", "-l:libcrypto.so.3");
        Path strong = CBuild.exe(tmp, "aarch64-linux-gnu-gcc", "strong", STRONG, "-L.", "-l:libcrypto.so.3");
        CheckTester.of(new ElfWeakPrimitives(), tmp)
                .file("/usr/bin/weak", weak).file("/usr/bin/strong", strong)
                .expect("/usr/bin/weak", f -> f.evidence().get("family").equals("MD5")
                        && f.evidence().get("symbols").equals(List.of("EVP_md5", "MD5_Init")))
                .expect("/usr/bin/weak", f -> f.evidence().get("family").equals("DES/3DES")
                        && f.severity() == Severity.HIGH)
                .expect("/usr/bin/weak", f -> f.evidence().get("family").equals("ECB mode"))
                .run();
    }

    @Test
    void weakPrimitives_x86BinaryLinkedToRealLibcrypto_gcmClean() {
        dev.medsec.testkit.Tools.require("gcc");
        Path gcm = CBuild.exe(tmp, "gcc", "gcm", CSources.EVP_AES_GCM, "-lcrypto");
        CheckTester.of(new ElfWeakPrimitives(), tmp).file("/usr/bin/gcm", gcm).run();
    }

    @Test
    void dangerousFunctions_getsStrcpySystem_oneFindingWorstSeverity_cleanBinaryClean() {
        Path bad = CBuild.exe(tmp, "arm-linux-gnueabihf-gcc", "bad", """
                #include <stdio.h>
                #include <string.h>
                #include <stdlib.h>
                char *gets(char *s);
                int main(int c, char **v) { char b[32]; gets(b); strcpy(b, v[0]); return system(b); }
                """, "-w");
        Path good = CBuild.exe(tmp, "arm-linux-gnueabihf-gcc", "good", """
                #include <stdio.h>
                int main(int c, char **v) { char b[32]; if (fgets(b, sizeof b, stdin)) puts(b); return 0; }
                """);
        CheckTester.of(new ElfDangerousFunctions(), tmp)
                .file("/usr/bin/bad", bad).file("/usr/bin/good", good)
                .expect("/usr/bin/bad", f -> f.severity() == Severity.HIGH
                        && f.evidence().get("functions").equals(List.of("gets", "strcpy", "system")))
                .run();
    }
}
