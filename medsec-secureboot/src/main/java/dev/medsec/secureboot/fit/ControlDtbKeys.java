package dev.medsec.secureboot.fit;

import dev.medsec.formats.MalformedFormatException;
import dev.medsec.formats.fdt.Fdt;
import dev.medsec.formats.fdt.FdtNode;
import dev.medsec.formats.fdt.FdtProperty;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.jce.spec.ECNamedCurveSpec;
import dev.medsec.secureboot.BouncyCastle;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the public keys U-Boot verifies FIT signatures with from a control DTB's {@code /signature} node
 * (RSA keys as {@code key-NAME}, ECDSA keys as {@code NAME} in mkimage 2023.01):
 * RSA ({@code rsa,modulus}, {@code rsa,exponent}, {@code rsa,num-bits}) and ECDSA ({@code ecdsa,curve},
 * {@code ecdsa,x-point}, {@code ecdsa,y-point}). The Montgomery precomputations ({@code rsa,r-squared},
 * {@code rsa,n0-inverse}) are U-Boot's speed-ups and are not needed here.
 */
public final class ControlDtbKeys {
    /** Above this, a key node is not a key U-Boot could use either. */
    private static final int MAX_KEY_BITS = 16384;

    private ControlDtbKeys() {
    }

    /** True when the tree carries a /signature node with at least one key-* child. */
    public static boolean hasKeys(Fdt fdt) {
        return fdt.root().child("signature").map(s -> s.children().stream().anyMatch(ControlDtbKeys::isKeyNode))
                .orElse(false);
    }

    /** Every key of the control DTB; malformed key nodes are an error, not silently skipped. */
    public static List<FitKey> read(Fdt fdt) throws MalformedFormatException {
        Optional<FdtNode> sig = fdt.root().child("signature");
        if (sig.isEmpty()) {
            return List.of();
        }
        List<FitKey> out = new ArrayList<>();
        for (FdtNode keyNode : sig.get().children()) {
            if (isKeyNode(keyNode)) {
                out.add(read(keyNode));
            }
        }
        return out;
    }

    /** mkimage names RSA key nodes "key-NAME"; its ECDSA writer uses the bare key name. */
    static boolean isKeyNode(FdtNode n) {
        return n.name().startsWith("key") || n.property("rsa,modulus").isPresent()
                || n.property("ecdsa,x-point").isPresent();
    }

    static FitKey read(FdtNode n) throws MalformedFormatException {
        String name = n.name().startsWith("key-") ? n.name().substring(4) : n.name();
        String algo = n.string("algo").orElse("");
        Optional<String> required = n.string("required");
        try {
            if (n.property("rsa,modulus").isPresent()) {
                byte[] mod = n.property("rsa,modulus").get().bytes();
                BigInteger modulus = new BigInteger(1, mod);
                long e = n.property("rsa,exponent").map(FdtProperty::asU64).orElseThrow().orElse(65537);
                int bits = modulus.bitLength();
                int declared = n.property("rsa,num-bits").flatMap(p -> p.asU32().isPresent()
                        ? Optional.of(p.asU32().getAsInt()) : Optional.empty()).orElse(bits);
                if (bits < 512 || bits > MAX_KEY_BITS || declared != bits || e <= 1) {
                    throw new MalformedFormatException("control DTB key " + n.name() + ": inconsistent RSA key ("
                            + bits + " modulus bits, rsa,num-bits " + declared + ", exponent " + e + ")");
                }
                PublicKey pk = KeyFactory.getInstance("RSA").generatePublic(
                        new RSAPublicKeySpec(modulus, BigInteger.valueOf(e)));
                return new FitKey(name, algo, required, pk, bits);
            }
            if (n.property("ecdsa,x-point").isPresent()) {
                String curve = n.string("ecdsa,curve").orElse("");
                X9ECParameters params = ECNamedCurveTable.getByName(curve);
                if (params == null) {
                    throw new MalformedFormatException("control DTB key " + n.name() + ": unknown curve '" + curve + "'");
                }
                BigInteger x = new BigInteger(1, n.property("ecdsa,x-point").get().bytes());
                BigInteger y = new BigInteger(1, n.property("ecdsa,y-point")
                        .orElseThrow(() -> new MalformedFormatException("control DTB key " + n.name() + ": no ecdsa,y-point"))
                        .bytes());
                ECNamedCurveSpec spec = new ECNamedCurveSpec(curve, params.getCurve(), params.getG(), params.getN(),
                        params.getH(), params.getSeed());
                // KeyFactory validates that the point is on the curve.
                PublicKey pk = KeyFactory.getInstance("EC", BouncyCastle.PROVIDER)
                        .generatePublic(new ECPublicKeySpec(new ECPoint(x, y), spec));
                return new FitKey(name, algo, required, pk, params.getCurve().getFieldSize());
            }
        } catch (GeneralSecurityException | IllegalArgumentException | java.util.NoSuchElementException e) {
            throw new MalformedFormatException("control DTB key " + n.name() + ": " + e.getMessage(), e);
        }
        throw new MalformedFormatException("control DTB key " + n.name() + ": neither RSA nor ECDSA key material");
    }
}
