package dev.medsec.checks.crypto.cert;

import java.time.Instant;
import java.util.Optional;

/**
 * What the checks need of one certificate, extracted once.
 *
 * @param source      where in the file: "pem#2", "der", "keystore:alias"
 * @param keyBits     RSA/DSA modulus bits or EC field size; 0 when unknown
 * @param leafUsage   the certificate names a host or a TLS client/server usage (SAN or EKU), i.e. it is used as
 *                    an end-entity certificate
 * @param keyAlgorithmOid       OID of the subject public key algorithm (rsaEncryption, id-ecPublicKey, ...)
 * @param curve                 named curve of an EC key (SECG name when it has one, e.g. "secp256r1")
 * @param signatureAlgorithmOid OID of the certificate's signature algorithm
 */
public record CertInfo(String source, String subject, String issuer, String serial, Instant notBefore,
                       Instant notAfter, String keyAlgorithm, int keyBits, String signatureAlgorithm, boolean ca,
                       boolean selfSigned, boolean leafUsage, String sha256, String keyAlgorithmOid,
                       Optional<String> curve, String signatureAlgorithmOid) {
}
