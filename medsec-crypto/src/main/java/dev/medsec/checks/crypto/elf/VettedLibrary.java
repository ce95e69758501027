package dev.medsec.checks.crypto.elf;

import dev.medsec.elf.ElfFile;
import dev.medsec.elf.ElfFormatException;
import dev.medsec.elf.Symbol;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The vetted cryptographic libraries, recognised by the API they export (defined symbols), never by file name:
 * a library named libcrypto.so that does not export OpenSSL's API is not OpenSSL, and a renamed OpenSSL is.
 * A library is recognised when it defines at least two of its identifying functions.
 */
public enum VettedLibrary {
    OPENSSL_LIBCRYPTO("OpenSSL libcrypto", List.of("OpenSSL 1.0.", "OpenSSL 1.1.", "OpenSSL 3.",
            "CRYPTOGAMS by <appro@openssl.org>", "OPENSSL_ia32cap", "OPENSSL_armcap"), List.of("OPENSSL_init_crypto", "EVP_EncryptInit_ex",
            "OpenSSL_version", "EVP_DigestInit_ex", "CRYPTO_malloc")),
    OPENSSL_LIBSSL("OpenSSL libssl", List.of(), List.of("OPENSSL_init_ssl", "SSL_CTX_new", "SSL_connect")),
    BORINGSSL("BoringSSL", List.of("BoringSSL"), List.of("BORINGSSL_self_test", "EVP_AEAD_CTX_init", "CRYPTO_library_init")),
    MBEDTLS("Mbed TLS", List.of("mbed TLS ", "Mbed TLS "), List.of("mbedtls_aes_init", "mbedtls_md_setup", "mbedtls_sha256_init",
            "mbedtls_ssl_init", "mbedtls_x509_crt_init", "mbedtls_version_get_string")),
    WOLFSSL("wolfSSL", List.of("wolfSSL "), List.of("wolfSSL_Init", "wc_AesSetKey", "wc_InitSha256", "wolfCrypt_Init")),
    LIBGCRYPT("libgcrypt", List.of("Libgcrypt "), List.of("gcry_check_version", "gcry_cipher_open", "gcry_md_open")),
    NETTLE("Nettle", List.of(), List.of("nettle_aes128_encrypt", "nettle_sha256_init", "nettle_aes_encrypt",
            "nettle_md5_init", "nettle_rsa_pkcs1_sign", "nettle_ecdsa_sign")),
    LIBSODIUM("libsodium", List.of(), List.of("sodium_init", "crypto_secretbox_easy", "crypto_box_keypair")),
    GNUTLS("GnuTLS", List.of(), List.of("gnutls_global_init", "gnutls_init", "gnutls_cipher_init")),
    /** OpenSSH's own bcrypt_pbkdf (Blowfish) and chacha20-poly1305 from OpenBSD, reviewed with OpenSSH. */
    OPENSSH_BUNDLED("OpenSSH bundled crypto (OpenBSD)", List.of("OpenSSH_"), List.of()),
    LINUX_KERNEL_CRYPTO("Linux kernel crypto API", List.of(), List.of("crypto_register_alg", "crypto_register_skcipher",
            "crypto_register_shash", "crypto_aes_set_key"));

    private final String display;
    private final List<String> versionMarkers;
    private final List<String> identifying;

    VettedLibrary(String display, List<String> versionMarkers, List<String> identifying) {
        this.display = display;
        this.versionMarkers = versionMarkers;
        this.identifying = identifying;
    }

    public String display() {
        return display;
    }

    /** Starts of the library's version string, used to spot it linked statically into a stripped binary. */
    public List<String> versionMarkers() {
        return versionMarkers;
    }

    /** Libraries the binary defines (exports or, when not stripped, carries in its static symbol table). */
    public static List<VettedLibrary> definedBy(ElfFile elf) {
        Set<String> defined = new HashSet<>();
        try {
            for (Symbol s : elf.definedSymbols()) {
                defined.add(s.name());
            }
        } catch (ElfFormatException e) {
            return List.of();
        }
        List<VettedLibrary> out = new ArrayList<>();
        for (VettedLibrary v : values()) {
            long n = v.identifying.stream().filter(defined::contains).count();
            if (n >= 2 || (v == LINUX_KERNEL_CRYPTO && n >= 1)) {
                out.add(v);
            }
        }
        return out;
    }

    /** Libraries whose defined symbols appear in the dynamic symbol table: the file is that library. */
    public static Optional<VettedLibrary> exportedBy(ElfFile elf) {
        Set<String> exported = new HashSet<>();
        try {
            for (Symbol s : elf.dynamicSymbols()) {
                if (s.isDefined()) {
                    exported.add(s.name());
                }
            }
        } catch (ElfFormatException e) {
            return Optional.empty();
        }
        for (VettedLibrary v : values()) {
            if (v.identifying.stream().filter(exported::contains).count() >= 2) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /** A Linux kernel module: the kernel's own crypto API is vetted (and reviewed) code. */
    public static boolean isKernelModule(ElfFile elf) {
        return elf.section(".modinfo").isPresent() && elf.section(".gnu.linkonce.this_module").isPresent();
    }

    /** OpenSSL 3 providers and engines are parts of OpenSSL: they export only their entry points. */
    public static boolean isOpenSslModule(ElfFile e) {
        try {
            Set<String> exported = new HashSet<>();
            for (Symbol s : e.dynamicSymbols()) {
                if (s.isDefined()) {
                    exported.add(s.name());
                }
            }
            Set<String> imported = e.importedSymbolNames();
            boolean usesLibcrypto = imported.contains("OPENSSL_cleanse") || imported.contains("CRYPTO_malloc")
                    || e.needed().stream().anyMatch(n -> n.startsWith("libcrypto.so"));
            return usesLibcrypto && (exported.contains("OSSL_provider_init")
                    || (exported.contains("bind_engine") && exported.contains("v_check")));
        } catch (ElfFormatException ex) {
            return false;
        }
    }

    /** The name a library is known by: its DT_SONAME when it has a readable one, else its file name. */
    public static String libraryName(ElfFile elf, String imagePath) {
        try {
            Optional<String> soname = elf.soname();
            if (soname.isPresent()) {
                return soname.get();
            }
        } catch (ElfFormatException e) {
            // fall back to the file name
        }
        return dev.medsec.core.image.ImagePaths.fileName(imagePath);
    }
}
