package dev.medsec.formats.uefi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/** EFI GUIDs in their mixed-endian wire form (UEFI 2.10 appendix A), and the ones the readers look for. */
public final class Guids {
    public static final String FFS2 = "8c8ce578-8a3d-4f1c-9935-896185c32dd3";
    public static final String FFS3 = "5473c07a-3dcb-4dca-bd6f-1e9689e7349a";
    public static final String NV_DATA_FV = "fff12b8d-7696-4c8b-a985-2747075b4f50";
    public static final String VARIABLE_STORE = "ddcf3616-3275-4164-98b6-fe85707ffe7d";
    public static final String AUTHENTICATED_VARIABLE_STORE = "aaf32c78-947b-439a-a180-2e144ec37792";
    public static final String LZMA_SECTION = "ee4e5898-3914-4259-9d6e-dc7bd79403cf";
    public static final String TIANO_SECTION = "a31280ad-481e-41b6-95e8-127f4c984779";
    public static final String CRC32_SECTION = "fc1bcdb0-7d31-49aa-936a-a4600d9dd083";
    public static final String GLOBAL_VARIABLE = "8be4df61-93ca-11d2-aa0d-00e098032b8c";
    public static final String IMAGE_SECURITY_DATABASE = "d719b2cb-3d3a-4596-a3bc-dad00e67656f";
    public static final String CERT_X509 = "a5c059a1-94e4-4aa7-87b5-ab155c2bf072";
    public static final String CERT_SHA256 = "c1c41626-504c-4092-aca9-41f936934328";

    private Guids() {
    }

    /** The GUID of 16 bytes at {@code at}: Data1, Data2, Data3 little-endian, Data4 as bytes. */
    public static String read(ByteBuffer b, int at) {
        ByteBuffer le = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        StringBuilder sb = new StringBuilder(36);
        sb.append(String.format(Locale.ROOT, "%08x-%04x-%04x-", le.getInt(at), le.getShort(at + 4) & 0xffff, le.getShort(at + 6) & 0xffff));
        for (int i = 8; i < 16; i++) {
            if (i == 10) {
                sb.append('-');
            }
            sb.append(String.format(Locale.ROOT, "%02x", b.get(at + i) & 0xff));
        }
        return sb.toString();
    }
}
