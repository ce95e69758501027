package dev.medsec.checks.crypto;

import dev.medsec.checks.input.CSqlInjection;
import dev.medsec.checks.input.CTlsVerificationDisabled;
import dev.medsec.checks.input.CWeakTlsVersion;
import dev.medsec.core.image.ScanSettings;
import dev.medsec.core.Severity;
import dev.medsec.testkit.CheckTester;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** C source checks on code that gcc compiles (so the fixtures are real C, not token soup). */
class CSourceChecksTest {
    @TempDir
    Path tmp;

    static final String DECLS = """
            #include <stdio.h>
            #include <string.h>
            #include <openssl/ssl.h>
            #include <openssl/evp.h>
            #include <openssl/rand.h>
            typedef struct sqlite3 sqlite3; typedef struct sqlite3_stmt sqlite3_stmt;
            int sqlite3_exec(sqlite3 *, const char *, void *, void *, char **);
            int sqlite3_prepare_v2(sqlite3 *, const char *, int, sqlite3_stmt **, const char **);
            int sqlite3_bind_text(sqlite3_stmt *, int, const char *, int, void *);
            char *sqlite3_mprintf(const char *, ...);
            typedef void CURL; enum { CURLOPT_SSL_VERIFYPEER = 64, CURLOPT_SSL_VERIFYHOST = 81 };
            int curl_easy_setopt(CURL *, int, ...);
            """;

    static final String BAD = DECLS + """
            /* SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL) was here once; comments must not count. */
            static const char *doc = "call SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, 0) to test";
            int lookup(sqlite3 *db, const char *patient) {
                char sql[256];
                snprintf(sql, sizeof sql, "SELECT * FROM visits WHERE patient = '%s'", patient);
                return sqlite3_exec(db, sql, NULL, NULL, NULL);
            }
            int purge(sqlite3 *db, const char *name) {
                char *q = sqlite3_mprintf("DELETE FROM t WHERE n = %s", name);
                return sqlite3_exec(db, q, NULL, NULL, NULL);
            }
            void connect_insecure(SSL_CTX *ctx, CURL *h) {
                SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
                curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
                SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION);
            }
            const SSL_METHOD *legacy(void) { return TLSv1_client_method(); }
            static const unsigned char fixed_iv[16] = {1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16};
            int seal(const unsigned char *key, const unsigned char *in, int n, unsigned char *out) {
                EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new(); int len;
                unsigned char zero_iv[16];
                EVP_EncryptInit_ex(c, EVP_aes_128_cbc(), NULL, key, fixed_iv);
                EVP_EncryptInit_ex(c, EVP_aes_128_cbc(), NULL, key, zero_iv);
                EVP_EncryptInit_ex(c, EVP_aes_128_cbc(), NULL, key, (const unsigned char *) "0123456789abcdef");
                EVP_EncryptUpdate(c, out, &len, in, n);
                return len;
            }
            static const unsigned char device_key[16] = {0x2b,0x7e,0x15,0x16,0x28,0xae,0xd2,0xa6,0xab,0xf7,0x15,0x88,0x09,0xcf,0x4f,0x3c};
            int seal_fleet(const unsigned char *in, int n, unsigned char *out, const unsigned char *iv) {
                EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new(); int len;
                EVP_EncryptInit_ex(c, EVP_des_ede3_cbc(), NULL, device_key, iv);
                EVP_EncryptInit_ex(c, EVP_aes_128_ecb(), NULL, (const unsigned char *) "0123456789abcdef", NULL);
                EVP_EncryptUpdate(c, out, &len, in, n);
                unsigned char d[16];
                EVP_Digest(in, n, d, NULL, EVP_md5(), NULL);
                return len;
            }
            """;

    static final String GOOD = DECLS + """
            // snprintf(sql, ...) + sqlite3_exec(db, sql, ...) would be wrong; we bind instead.
            int lookup(sqlite3 *db, const char *patient) {
                sqlite3_stmt *st;
                const char *sql = "SELECT * FROM visits WHERE patient = ?";
                if (sqlite3_prepare_v2(db, sql, -1, &st, NULL)) return -1;
                char msg[64];
                snprintf(msg, sizeof msg, "looking up %s", patient);
                puts(msg);
                sqlite3_exec(db, "VACUUM", NULL, NULL, NULL);
                return sqlite3_bind_text(st, 1, patient, -1, NULL);
            }
            void connect(SSL_CTX *ctx, CURL *h) {
                SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
                curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
                SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
            }
            const SSL_METHOD *modern(void) { return TLS_client_method(); }
            int seal(const unsigned char *key, const unsigned char *in, int n, unsigned char *out, unsigned char *iv) {
                EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new(); int len;
                unsigned char nonce[12];
                RAND_bytes(nonce, sizeof nonce);
                memcpy(iv, nonce, sizeof nonce);
                EVP_EncryptInit_ex(c, EVP_aes_256_gcm(), NULL, key, nonce);
                EVP_EncryptInit_ex(c, NULL, NULL, NULL, iv);
                EVP_EncryptUpdate(c, out, &len, in, n);
                return len;
            }
            """;

    private void compiles(String name, String code) throws IOException {
        Tools.require("gcc");
        Files.writeString(tmp.resolve(name), code);
        Tools.run(tmp, "gcc", "-Wno-deprecated-declarations", "-c", "-o", name + ".o", name);
    }

    @Test
    void fixtures_compileWithGcc() throws IOException {
        compiles("bad.c", BAD);
        compiles("good.c", GOOD);
    }

    @Test
    void sqlInjection_snprintfAndMprintf_reported_boundQueriesClean() {
        CheckTester.of(new CSqlInjection(), tmp).text("/usr/src/app/bad.c", BAD).text("/usr/src/app/good.c", GOOD)
                .expect("/usr/src/app/bad.c", f -> f.evidence().get("function").equals("lookup")
                        && f.evidence().get("builtBy").equals("snprintf") && f.evidence().get("line").equals(18))
                .expect("/usr/src/app/bad.c", f -> f.evidence().get("builtBy").equals("sqlite3_mprintf"))
                .run();
    }

    @Test
    void tlsVerification_disabledInCode_reported_commentsStringsAndPeerClean() {
        CheckTester.of(new CTlsVerificationDisabled(), tmp).text("/src/bad.c", BAD).text("/src/good.c", GOOD)
                .expect("/src/bad.c", f -> f.evidence().get("call").toString().startsWith("SSL_CTX_set_verify")
                        && f.evidence().get("line").equals(25))
                .expect("/src/bad.c", f -> f.evidence().get("call").toString().contains("CURLOPT_SSL_VERIFYPEER"))
                .run();
    }

    @Test
    void tlsVerification_hiddenBehindMacros_reported() {
        String code = DECLS + """
                #define PEER_CHECK SSL_VERIFY_NONE
                #define CHECK_MODE PEER_CHECK
                #define OFF (0L)
                #define MIN_TLS TLS1_1_VERSION
                void setup(SSL_CTX *ctx, CURL *h) {
                    SSL_CTX_set_verify(ctx, CHECK_MODE, NULL);
                    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, OFF);
                    SSL_CTX_set_min_proto_version(ctx, MIN_TLS);
                }
                """;
        CheckTester.of(new CTlsVerificationDisabled(), tmp).text("/src/macro.c", code)
                .expect("/src/macro.c", f -> f.evidence().get("call").equals("SSL_CTX_set_verify(CHECK_MODE)"))
                .expect("/src/macro.c", f -> f.evidence().get("call").toString().contains("CURLOPT_SSL_VERIFYHOST"))
                .run();
        CheckTester.of(new CWeakTlsVersion(), tmp).text("/src/macro.c", code)
                .expect("/src/macro.c", f -> f.evidence().get("call").toString().contains("MIN_TLS"))
                .run();
    }

    @Test
    void weakTlsVersion_oldMethodAndMinimum_reported_tls12Clean() {
        CheckTester.of(new CWeakTlsVersion(), tmp).text("/src/bad.c", BAD).text("/src/good.c", GOOD)
                .expect("/src/bad.c", f -> f.evidence().get("call").equals("TLSv1_client_method()"))
                .expect("/src/bad.c", f -> f.evidence().get("call").equals("SSL_CTX_set_min_proto_version(TLS1_VERSION)"))
                .run();
    }

    @Test
    void hardcodedKey_constArrayAndLiteral_reported_keyParameterAndLoadedKeyClean() {
        CheckTester.of(new CHardcodedKey(), tmp).text("/src/bad.c", BAD).text("/src/good.c", GOOD)
                .expect("/src/bad.c", f -> f.evidence().get("keyArgument").equals("device_key")
                        && f.evidence().get("keySource").toString().startsWith("a constant array declared at line"))
                .expect("/src/bad.c", f -> f.evidence().get("keyArgument").equals("(string literal)"))
                .run();
    }

    /** Same families and severities as the binary-import check: 3DES high, MD5 and ECB medium. */
    @Test
    void weakPrimitives_evpCalls_reportedPerFamily_modernCallsClean() {
        CheckTester.of(new CWeakPrimitives(), tmp).text("/src/bad.c", BAD).text("/src/good.c", GOOD)
                .expect("/src/bad.c", f -> f.evidence().get("family").equals("DES/3DES") && f.severity() == Severity.HIGH)
                .expect("/src/bad.c", f -> f.evidence().get("family").equals("MD5") && f.severity() == Severity.MEDIUM)
                .expect("/src/bad.c", f -> f.evidence().get("family").equals("ECB mode") && f.severity() == Severity.MEDIUM)
                .run();
    }

    @Test
    void staticIv_constZeroAndLiteral_reported_randomClean() {
        CheckTester.of(new CStaticIv(), tmp).text("/src/bad.c", BAD).text("/src/good.c", GOOD)
                .expect("/src/bad.c", f -> f.evidence().get("iv").equals("fixed_iv"))
                .expect("/src/bad.c", f -> f.evidence().get("iv").equals("zero_iv")
                        && f.evidence().get("ivSource").toString().contains("never filled"))
                .expect("/src/bad.c", f -> f.evidence().get("ivSource").equals("a string literal"))
                .run();
    }

    @Test
    void sourceDirs_walkedWithoutFollowingLinks_reportedAtSourcePath() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("firmware-src/net"));
        Files.writeString(src.resolve("tls.c"), BAD);
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("other.c"), BAD);
        Files.createSymbolicLink(src.resolve("linked"), outside);
        Files.createSymbolicLink(src.resolve("linked.c"), outside.resolve("other.c"));
        ScanSettings s = new ScanSettings(Instant.EPOCH, Optional.empty(), List.of(tmp.resolve("firmware-src")),
                List.of(), List.of(), Optional.empty(), Map.of());
        CheckTester.of(new CWeakTlsVersion(), tmp).settings(s)
                .expect("source:firmware-src/net/tls.c")
                .expect("source:firmware-src/net/tls.c")
                .run();
    }

    @Test
    void lexer_unterminatedCommentAndRawString_noCallsInsideThem() {
        var src = dev.medsec.code.csrc.CSource.parse("""
                auto s = R"x(SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, 0))x";
                int f() { return g(1, "a,b", ','); } /* SSL_VERIFY_NONE
                """);
        assertThat(src.calls()).extracting(c -> c.name()).containsExactly("g");
        assertThat(src.calls().get(0).args()).hasSize(3);
    }
}
