package dev.medsec.checks.crypto.tables;

import java.util.List;

/**
 * Primitives recognisable by their constants, and the function-name prefixes by which a binary obtains each
 * from a vetted library (if it imports them, tables it also carries are not held against it).
 */
public enum Primitive {
    AES("AES", true, List.of("AES_", "EVP_aes_", "mbedtls_aes_", "wc_Aes", "nettle_aes", "gcry_cipher_")),
    DES("DES/3DES", true, List.of("DES_", "EVP_des", "mbedtls_des", "wc_Des", "nettle_des", "gcry_cipher_")),
    BLOWFISH("Blowfish", true, List.of("BF_", "EVP_bf", "mbedtls_blowfish", "nettle_blowfish", "gcry_cipher_")),
    CHACHA("ChaCha20/Salsa20", true, List.of("EVP_chacha20", "ChaCha20_", "mbedtls_chacha", "wc_Chacha",
            "crypto_stream_", "crypto_aead_chacha20", "crypto_secretbox", "crypto_box", "nettle_chacha",
            "nettle_salsa20", "gcry_cipher_")),
    TEA("TEA/XTEA", true, List.of()),
    SHA1("SHA-1", false, List.of("SHA1", "EVP_sha1", "mbedtls_sha1", "wc_InitSha", "wc_Sha", "nettle_sha1", "gcry_md_")),
    SHA256("SHA-256", false, List.of("SHA256", "SHA224", "EVP_sha256", "EVP_sha224", "mbedtls_sha256", "wc_InitSha256",
            "wc_Sha256", "nettle_sha256", "nettle_sha224", "gcry_md_", "crypto_hash_sha256", "crypto_auth_hmacsha256")),
    SHA512("SHA-512", false, List.of("SHA512", "SHA384", "EVP_sha512", "EVP_sha384", "mbedtls_sha512", "wc_InitSha512",
            "wc_Sha512", "wc_InitSha384", "nettle_sha512", "nettle_sha384", "gcry_md_", "crypto_hash_sha512")),
    MD5("MD5", false, List.of("MD5", "EVP_md5", "mbedtls_md5", "wc_InitMd5", "wc_Md5", "nettle_md5", "gcry_md_"));

    private final String display;
    private final boolean cipher;
    private final List<String> libraryApi;

    Primitive(String display, boolean cipher, List<String> libraryApi) {
        this.display = display;
        this.cipher = cipher;
        this.libraryApi = libraryApi;
    }

    public String display() {
        return display;
    }

    /** Ciphers weigh more than hashes: a home-made cipher protects data, a home-made hash mostly checks it. */
    public boolean isCipher() {
        return cipher;
    }

    public boolean isLibraryApi(String importedName) {
        for (String p : libraryApi) {
            if (importedName.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
