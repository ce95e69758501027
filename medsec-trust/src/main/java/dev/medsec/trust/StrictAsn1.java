package dev.medsec.trust;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;

import java.io.IOException;
import java.util.Arrays;

/**
 * BouncyCastle's ASN.1 classes read CHOICE and OPTIONAL elements by position and do not always check the
 * context tag number, so a flipped tag ([0] to [1]) can parse to the same object. Re-building a structure
 * from its parsed fields and comparing the DER encodings closes that gap: whatever the parser tolerated
 * but the structure does not describe is refused.
 */
final class StrictAsn1 {
    private StrictAsn1() {
    }

    static void requireCanonical(ASN1Encodable rebuilt, ASN1Encodable raw, String what) throws VerificationException {
        try {
            if (!Arrays.equals(rebuilt.toASN1Primitive().getEncoded(ASN1Encoding.DER), raw.toASN1Primitive().getEncoded(ASN1Encoding.DER))) {
                throw new VerificationException(what + " does not have the structure RFC 5652 defines (unexpected tag or field)");
            }
        } catch (IOException e) {
            throw new VerificationException(what + " cannot be encoded", e);
        }
    }
}
