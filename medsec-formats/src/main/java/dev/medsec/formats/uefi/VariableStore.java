package dev.medsec.formats.uefi;

import dev.medsec.formats.MalformedFormatException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A UEFI variable store as EDK2 keeps it in flash (MdeModulePkg VariableFormat.h): the store header (the variable
 * or authenticated-variable GUID, size, format 0x5a, state 0xfe), then variables, each with a 0x55AA start id,
 * its state, attributes, name (UCS-2) and data. Only variables in the "added" state count; a deleted or
 * half-written one is history. Every size is checked against the store before use.
 */
public final class VariableStore {
    private static final int VAR_ADDED = 0x3f;
    private static final int VAR_IN_DELETED_TRANSITION = 0xfe;
    private static final int MAX_VARIABLES = 100_000;

    /** One variable; {@code data} is a read-only view into the store. */
    public record Variable(String name, String vendorGuid, int attributes, ByteBuffer data) {
        public boolean isAuthenticated() {
            return (attributes & 0x20) != 0 || (attributes & 0x10) != 0;
        }
    }

    private final boolean authenticated;
    private final List<Variable> variables;

    private VariableStore(boolean authenticated, List<Variable> variables) {
        this.authenticated = authenticated;
        this.variables = List.copyOf(variables);
    }

    public boolean authenticatedFormat() {
        return authenticated;
    }

    public List<Variable> variables() {
        return variables;
    }

    public Optional<Variable> find(String vendorGuid, String name) {
        return variables.stream().filter(v -> v.vendorGuid().equals(vendorGuid) && v.name().equals(name)).reduce((a, b) -> b);
    }

    /** True when {@code b} starts with a variable store header (cheap: the signature GUID). */
    public static boolean hasHeader(ByteBuffer b) {
        if (b.remaining() < 28) {
            return false;
        }
        String g = Guids.read(b, b.position());
        return g.equals(Guids.VARIABLE_STORE) || g.equals(Guids.AUTHENTICATED_VARIABLE_STORE);
    }

    public static VariableStore parse(ByteBuffer input) throws MalformedFormatException {
        ByteBuffer b = input.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (!hasHeader(b)) {
            throw new MalformedFormatException("UEFI variable store: no store signature");
        }
        boolean auth = Guids.read(b, 0).equals(Guids.AUTHENTICATED_VARIABLE_STORE);
        long size = Integer.toUnsignedLong(b.getInt(16));
        if (size < 28 || size > b.remaining()) {
            throw new MalformedFormatException("UEFI variable store: size " + size + " outside the " + b.remaining() + " bytes available");
        }
        int headerSize = auth ? 60 : 32;
        List<Variable> out = new ArrayList<>();
        int pos = 28;
        while (pos + headerSize <= size && out.size() < MAX_VARIABLES) {
            if ((b.getShort(pos) & 0xffff) != 0x55aa) {
                break; // the end of the written part
            }
            int state = b.get(pos + 2) & 0xff;
            int attributes = b.getInt(pos + 4);
            int nameSizeAt = auth ? pos + 36 : pos + 8;
            long nameSize = Integer.toUnsignedLong(b.getInt(nameSizeAt));
            long dataSize = Integer.toUnsignedLong(b.getInt(nameSizeAt + 4));
            int guidAt = nameSizeAt + 8;
            long nameAt = pos + headerSize;
            if (nameSize > size || dataSize > size || nameAt + nameSize + dataSize > size) {
                throw new MalformedFormatException("UEFI variable at offset " + pos + " runs past the store");
            }
            if (state == VAR_ADDED || state == (VAR_ADDED & VAR_IN_DELETED_TRANSITION)) {
                byte[] name = new byte[(int) nameSize];
                b.get((int) nameAt, name);
                String n = new String(name, StandardCharsets.UTF_16LE);
                int nul = n.indexOf('\0');
                ByteBuffer data = b.duplicate().position((int) (nameAt + nameSize)).limit((int) (nameAt + nameSize + dataSize)).slice()
                        .asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
                out.add(new Variable(nul >= 0 ? n.substring(0, nul) : n, Guids.read(b, guidAt), attributes, data));
            }
            pos = (int) ((nameAt + nameSize + dataSize + 3) & ~3L);
        }
        return new VariableStore(auth, out);
    }
}
