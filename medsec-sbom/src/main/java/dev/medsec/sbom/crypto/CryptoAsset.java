package dev.medsec.sbom.crypto;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One cryptographic asset of an image, in the terms of CycloneDX 1.6 {@code cryptoProperties}: an algorithm, a
 * certificate, related crypto material (a public key) or a protocol. The model is neutral: the crypto stage fills
 * it, the SBOM writer turns it into {@code cryptographic-asset} components.
 *
 * <p>{@link #ref()} is the asset's bom-ref, unique in one BOM and stable for the same asset across scans;
 * {@link #locations()} are the image paths where the asset was seen (the binaries importing an algorithm, the
 * files holding a certificate); {@link #properties()} become {@code medsec:*} properties (policy status, symbols).
 */
public sealed interface CryptoAsset permits CryptoAsset.Algorithm, CryptoAsset.Certificate, CryptoAsset.PublicKey,
        CryptoAsset.Protocol {
    String ref();

    String name();

    Optional<String> oid();

    List<String> locations();

    Map<String, String> properties();

    /** CycloneDX 1.6 {@code algorithmProperties.primitive}. */
    enum Primitive {
        DRBG("drbg"), MAC("mac"), BLOCK_CIPHER("block-cipher"), STREAM_CIPHER("stream-cipher"), SIGNATURE("signature"),
        HASH("hash"), PKE("pke"), XOF("xof"), KDF("kdf"), KEY_AGREE("key-agree"), KEM("kem"), AE("ae"),
        COMBINER("combiner"), OTHER("other"), UNKNOWN("unknown");

        private final String cdx;

        Primitive(String cdx) {
            this.cdx = cdx;
        }

        /** The schema's spelling. */
        public String cdx() {
            return cdx;
        }

        public static Optional<Primitive> fromCdx(String s) {
            for (Primitive p : values()) {
                if (p.cdx.equals(s)) {
                    return Optional.of(p);
                }
            }
            return Optional.empty();
        }
    }

    /** CycloneDX 1.6 {@code algorithmProperties.cryptoFunctions}. */
    enum Function {
        GENERATE("generate"), KEYGEN("keygen"), ENCRYPT("encrypt"), DECRYPT("decrypt"), DIGEST("digest"), TAG("tag"),
        KEYDERIVE("keyderive"), SIGN("sign"), VERIFY("verify"), ENCAPSULATE("encapsulate"),
        DECAPSULATE("decapsulate"), OTHER("other"), UNKNOWN("unknown");

        private final String cdx;

        Function(String cdx) {
            this.cdx = cdx;
        }

        public String cdx() {
            return cdx;
        }

        public static Optional<Function> fromCdx(String s) {
            for (Function f : values()) {
                if (f.cdx.equals(s)) {
                    return Optional.of(f);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * An algorithm. {@code mode} and {@code padding} use the schema's names ("cbc", "gcm", "pkcs1v15", ...);
     * {@code implementationPlatform} is the schema's platform of the binaries that use it ("x86_64", "armv8-a");
     * {@code executionEnvironment} is set when the algorithm runs in the image's own software ("software-plain-ram"),
     * not for an algorithm only named by a certificate.
     * {@code certificationLevel} stays empty unless a validated module is known: an image does not prove a FIPS
     * 140-3 certificate.
     */
    record Algorithm(String ref, String name, Primitive primitive, Optional<String> mode, Optional<String> padding,
                     Optional<String> parameterSetIdentifier, Optional<String> curve,
                     OptionalInt nistQuantumSecurityLevel, List<Function> functions,
                     Optional<String> executionEnvironment, Optional<String> implementationPlatform, Optional<String> certificationLevel, Optional<String> oid,
                     List<String> locations, Map<String, String> properties) implements CryptoAsset {
        public Algorithm {
            functions = List.copyOf(functions);
            locations = List.copyOf(locations);
            properties = Map.copyOf(properties);
        }
    }

    /** An X.509 certificate; the algorithm refs point at {@link Algorithm} and {@link PublicKey} assets. */
    record Certificate(String ref, String name, String subjectName, String issuerName, Instant notValidBefore,
                       Instant notValidAfter, String signatureAlgorithmRef, String subjectPublicKeyRef,
                       String certificateFormat, String certificateExtension, Optional<String> oid,
                       List<String> locations, Map<String, String> properties) implements CryptoAsset {
        public Certificate {
            locations = List.copyOf(locations);
            properties = Map.copyOf(properties);
        }
    }

    /** A public key (related crypto material) with its size in bits and the ref of its algorithm. */
    record PublicKey(String ref, String name, String algorithmRef, int size, String format, Optional<String> oid,
                     List<String> locations, Map<String, String> properties) implements CryptoAsset {
        public PublicKey {
            locations = List.copyOf(locations);
            properties = Map.copyOf(properties);
        }
    }

    /** A protocol configuration: type ("tls", "ssh"), version, and the refs of the algorithms it enables. */
    record Protocol(String ref, String name, String type, Optional<String> version, List<String> algorithmRefs,
                    Optional<String> oid, List<String> locations, Map<String, String> properties)
            implements CryptoAsset {
        public Protocol {
            algorithmRefs = List.copyOf(algorithmRefs);
            locations = List.copyOf(locations);
            properties = Map.copyOf(properties);
        }
    }
}
