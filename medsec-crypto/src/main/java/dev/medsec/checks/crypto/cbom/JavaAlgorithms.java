package dev.medsec.checks.crypto.cbom;

import dev.medsec.sbom.crypto.CryptoAsset;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The algorithm asset for a Java bytecode finding ({@code crypto.java-weak-cipher}, {@code -weak-digest},
 * {@code -weak-signature}): the JCA name the class passes ("DESede/CBC/PKCS5Padding", "SHA1", "MD5withRSA") mapped
 * to the algorithm table, or kept as written when the table has no row for it.
 */
final class JavaAlgorithms {
    static final List<String> CHECKS = List.of("crypto.java-weak-cipher", "crypto.java-weak-digest",
            "crypto.java-weak-signature");

    private JavaAlgorithms() {
    }

    static AlgorithmTable.Definition definition(AlgorithmTable table, String checkId, String jcaName) {
        Optional<String> name = switch (checkId) {
            case "crypto.java-weak-cipher" -> cipher(jcaName);
            case "crypto.java-weak-digest" -> digest(jcaName);
            default -> table.byName(jcaName).map(AlgorithmTable.Definition::name).or(() -> signature(table, jcaName));
        };
        return name.flatMap(table::byName).orElseGet(() -> new AlgorithmTable.Definition(jcaName,
                checkId.endsWith("digest") ? CryptoAsset.Primitive.HASH
                        : checkId.endsWith("signature") ? CryptoAsset.Primitive.SIGNATURE : CryptoAsset.Primitive.UNKNOWN,
                Optional.empty(), Optional.empty(), Optional.empty(), OptionalInt.empty(), List.of(), Optional.empty(),
                "not-approved", "reported by " + checkId));
    }

    /** JCA transformation "ALG/MODE/PADDING"; a block cipher without a mode is ECB (the SunJCE default). */
    static Optional<String> cipher(String transformation) {
        String[] parts = transformation.toUpperCase(Locale.ROOT).split("/");
        String alg = parts[0].trim();
        String mode = parts.length > 1 ? parts[1].trim() : "ECB";
        if (alg.startsWith("PBEWITH")) {
            // the weak part of a password-based scheme is its cipher
            alg = alg.contains("DESEDE") || alg.contains("TRIPLEDES") ? "DESEDE" : alg.contains("DES") ? "DES"
                    : alg.contains("RC2") ? "RC2" : alg.contains("RC4") ? "RC4" : alg;
            mode = "CBC";
        }
        switch (alg) {
            case "DES":
                return Optional.of(withMode("DES", mode));
            case "DESEDE":
            case "TRIPLEDES":
            case "3DES":
                return Optional.of(withMode("3DES", mode));
            case "RC4":
            case "ARCFOUR":
            case "ARC4":
                return Optional.of("RC4");
            case "RC2":
                return Optional.of(mode.equals("CBC") ? "RC2-CBC" : "RC2");
            case "BLOWFISH":
                return Optional.of(mode.equals("CBC") ? "Blowfish-CBC" : "Blowfish");
            case "AES":
                return Optional.of(mode.equals("ECB") ? "AES-ECB" : "AES");
            case "AES_128":
                return Optional.of(mode.equals("ECB") ? "AES-128-ECB" : "AES-128");
            case "AES_192":
                return Optional.of(mode.equals("ECB") ? "AES-192-ECB" : "AES-192");
            case "AES_256":
                return Optional.of(mode.equals("ECB") ? "AES-256-ECB" : "AES-256");
            case "RSA":
                return Optional.of("RSAES-PKCS1-v1_5");
            default:
                return Optional.empty();
        }
    }

    private static String withMode(String alg, String mode) {
        return mode.equals("CBC") || mode.equals("ECB") ? alg + "-" + mode : alg;
    }

    static Optional<String> digest(String name) {
        switch (name.toUpperCase(Locale.ROOT)) {
            case "MD5":
                return Optional.of("MD5");
            case "MD4":
                return Optional.of("MD4");
            case "MD2":
                return Optional.of("MD2");
            case "SHA":
            case "SHA1":
            case "SHA-1":
                return Optional.of("SHA-1");
            case "HMACMD5":
                return Optional.of("HMAC-MD5");
            default:
                return Optional.empty();
        }
    }

    /** Signature names differ from the table only in case ("SHA1WithRSA"). */
    private static Optional<String> signature(AlgorithmTable table, String name) {
        for (String candidate : List.of("MD2withRSA", "MD5withRSA", "SHA1withRSA", "SHA1withECDSA", "SHA1withDSA",
                "SHA256withDSA")) {
            if (candidate.equalsIgnoreCase(name)) {
                return table.byName(candidate).map(AlgorithmTable.Definition::name);
            }
        }
        return Optional.empty();
    }
}
