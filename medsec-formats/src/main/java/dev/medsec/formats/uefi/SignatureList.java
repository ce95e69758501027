package dev.medsec.formats.uefi;

import dev.medsec.formats.MalformedFormatException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The EFI_SIGNATURE_LIST sequence that PK, KEK, db and dbx hold (UEFI 2.10 §32.4.1): a type GUID, the list's size,
 * header size and signature size, then signatures of owner GUID plus data (an X.509 certificate, a SHA-256
 * hash...). Sizes are checked before use; a list that does not add up ends the parse with an error.
 */
public final class SignatureList {
    private static final int MAX_ENTRIES = 100_000;

    /** One signature: its list's type GUID, its owner, and its data (a read-only view). */
    public record Entry(String type, String owner, ByteBuffer data) {
        public boolean isX509() {
            return type.equals(Guids.CERT_X509);
        }
    }

    private SignatureList() {
    }

    public static List<Entry> parse(ByteBuffer input) throws MalformedFormatException {
        ByteBuffer b = input.slice().order(ByteOrder.LITTLE_ENDIAN);
        List<Entry> out = new ArrayList<>();
        int pos = 0;
        while (pos + 28 <= b.limit()) {
            String type = Guids.read(b, pos);
            long listSize = Integer.toUnsignedLong(b.getInt(pos + 16));
            long headerSize = Integer.toUnsignedLong(b.getInt(pos + 20));
            long sigSize = Integer.toUnsignedLong(b.getInt(pos + 24));
            if (listSize < 28 || pos + listSize > b.limit() || sigSize < 16 || 28 + headerSize > listSize
                    || (listSize - 28 - headerSize) % sigSize != 0) {
                throw new MalformedFormatException("EFI signature list at offset " + pos + " does not add up (size " + listSize
                        + ", header " + headerSize + ", signature " + sigSize + ")");
            }
            for (long at = pos + 28 + headerSize; at + sigSize <= pos + listSize; at += sigSize) {
                if (out.size() >= MAX_ENTRIES) {
                    throw new MalformedFormatException("EFI signature list: more than " + MAX_ENTRIES + " signatures");
                }
                ByteBuffer data = b.duplicate().position((int) at + 16).limit((int) (at + sigSize)).slice().asReadOnlyBuffer();
                out.add(new Entry(type, Guids.read(b, (int) at), data));
            }
            pos += (int) listSize;
        }
        return out;
    }
}
