package dev.medsec.checks.crypto;

/** C programs used as fixtures: each is a realistic small piece of device code. */
final class CSources {
    private CSources() {
    }

    /** AES-256-GCM through OpenSSL's EVP API with a random nonce: the correct way. */
    static final String EVP_AES_GCM = """
            #include <openssl/evp.h>
            #include <openssl/rand.h>
            #include <stdio.h>
            int seal(const unsigned char *key, const unsigned char *pt, int n, unsigned char *out, unsigned char *tag) {
                unsigned char iv[12];
                int len = 0, total = 0;
                if (RAND_bytes(iv, sizeof iv) != 1) return -1;
                EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
                EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, iv);
                EVP_EncryptUpdate(ctx, out, &len, pt, n); total = len;
                EVP_EncryptFinal_ex(ctx, out + total, &len); total += len;
                EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, tag);
                EVP_CIPHER_CTX_free(ctx);
                return total;
            }
            int main(void) {
                unsigned char key[32] = {0}, out[64], tag[16];
                RAND_bytes(key, sizeof key);
                printf("%d\\n", seal(key, (const unsigned char *) "patient", 7, out, tag));
                return 0;
            }
            """;
}
