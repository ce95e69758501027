package dev.medsec.checks.sensitive;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.pkcs.AuthenticatedSafe;
import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.EncryptedData;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.MacData;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCS12PBEParams;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.Pfx;
import org.bouncycastle.asn1.pkcs.SafeBag;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

import java.io.IOException;
import java.math.BigInteger;

/**
 * The largest key-derivation iteration count a PKCS#12 file asks for — its MAC, its encrypted safes and its
 * shrouded key bags — read from the ASN.1 before any password is tried. A crafted file that asks for 10^9
 * iterations would make every password try a minutes-long KDF run; real files use 2,048 (OpenSSL) to a few
 * hundred thousand.
 */
final class Pkcs12Iterations {
    /** Above this, no password is tried: 1,000,000 is above what any tool writes by default. */
    static final BigInteger MAX = BigInteger.valueOf(1_000_000);

    private Pkcs12Iterations() {
    }

    /** @throws IOException when the file is not a PKCS#12 PFX structure */
    static BigInteger max(byte[] der) throws IOException {
        try {
            Pfx pfx = Pfx.getInstance(ASN1Primitive.fromByteArray(der));
            BigInteger max = BigInteger.ZERO;
            MacData mac = pfx.getMacData();
            if (mac != null) {
                max = max.max(mac.getIterationCount());
            }
            ContentInfo auth = pfx.getAuthSafe();
            if (!auth.getContentType().equals(PKCSObjectIdentifiers.data)) {
                return max;
            }
            AuthenticatedSafe safe = AuthenticatedSafe.getInstance(ASN1OctetString.getInstance(auth.getContent()).getOctets());
            for (ContentInfo ci : safe.getContentInfo()) {
                if (ci.getContentType().equals(PKCSObjectIdentifiers.encryptedData)) {
                    max = max.max(iterations(EncryptedData.getInstance(ci.getContent()).getEncryptionAlgorithm()));
                } else if (ci.getContentType().equals(PKCSObjectIdentifiers.data)) {
                    ASN1Sequence bags = ASN1Sequence.getInstance(ASN1OctetString.getInstance(ci.getContent()).getOctets());
                    for (ASN1Encodable e : bags) {
                        SafeBag bag = SafeBag.getInstance(e);
                        if (bag.getBagId().equals(PKCSObjectIdentifiers.pkcs8ShroudedKeyBag)) {
                            max = max.max(iterations(EncryptedPrivateKeyInfo.getInstance(bag.getBagValue()).getEncryptionAlgorithm()));
                        }
                    }
                }
            }
            return max;
        } catch (RuntimeException e) {
            // BouncyCastle's ASN.1 readers fail on malformed input with whatever runtime exception the broken
            // structure meets (found by fuzzing: NoSuchElementException from a sequence shorter than it claims)
            throw new IOException("not a PKCS#12 structure: " + e.getMessage(), e);
        }
    }

    private static BigInteger iterations(AlgorithmIdentifier alg) {
        if (alg.getAlgorithm().equals(PKCSObjectIdentifiers.id_PBES2)) {
            PBES2Parameters p = PBES2Parameters.getInstance(alg.getParameters());
            if (p.getKeyDerivationFunc().getAlgorithm().equals(PKCSObjectIdentifiers.id_PBKDF2)) {
                return PBKDF2Params.getInstance(p.getKeyDerivationFunc().getParameters()).getIterationCount();
            }
            return BigInteger.ZERO;
        }
        // the PKCS#12 PBE schemes (pbeWithSHAAnd3-KeyTripleDES-CBC ...): salt and iterations
        return PKCS12PBEParams.getInstance(alg.getParameters()).getIterations();
    }
}
