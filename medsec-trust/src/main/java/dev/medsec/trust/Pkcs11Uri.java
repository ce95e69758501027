package dev.medsec.trust;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The subset of RFC 7512 PKCS#11 URIs this API resolves: {@code token}, {@code object}, {@code slot-id}
 * and {@code type} in the path; {@code module-path} and {@code pin-source} in the query. A PIN in the URI
 * itself ({@code pin-value}) is refused: URIs end up in shell history and process lists. Attributes that
 * would narrow the selection but cannot be honoured through SunPKCS11 ({@code id}, {@code serial} ...)
 * are refused rather than silently ignored, so a URI never selects a different key than it says.
 */
public record Pkcs11Uri(Optional<String> token, Optional<String> object, Optional<Long> slotId, Path modulePath,
                        Optional<Path> pinSource, String text) {

    private static final Set<String> UNSUPPORTED = Set.of("id", "serial", "manufacturer", "model",
            "library-description", "library-manufacturer", "library-version", "slot-description", "slot-manufacturer");

    public static Pkcs11Uri parse(String uri) throws KeyAccessException {
        if (!uri.startsWith("pkcs11:")) {
            throw new KeyAccessException("not a pkcs11: URI");
        }
        String rest = uri.substring("pkcs11:".length());
        int q = rest.indexOf('?');
        String path = q < 0 ? rest : rest.substring(0, q);
        String query = q < 0 ? "" : rest.substring(q + 1);
        String token = null;
        String object = null;
        Long slot = null;
        for (String attr : split(path, ';')) {
            String[] kv = keyValue(attr);
            switch (kv[0]) {
                case "token":
                    token = kv[1];
                    break;
                case "object":
                    object = kv[1];
                    break;
                case "slot-id":
                    try {
                        slot = Long.parseLong(kv[1]);
                    } catch (NumberFormatException e) {
                        throw new KeyAccessException("pkcs11: slot-id is not a number");
                    }
                    break;
                case "type":
                    if (!kv[1].equals("private") && !kv[1].equals("cert")) {
                        throw new KeyAccessException("pkcs11: type=" + kv[1] + " does not name a private key");
                    }
                    break;
                default:
                    refuse(kv[0]);
            }
        }
        Path module = null;
        Path pin = null;
        for (String attr : split(query, '&')) {
            String[] kv = keyValue(attr);
            switch (kv[0]) {
                case "module-path":
                    module = Path.of(kv[1]);
                    break;
                case "pin-source":
                    String src = kv[1].startsWith("file:") ? kv[1].substring("file:".length()) : kv[1];
                    pin = Path.of(src);
                    break;
                case "pin-value":
                    throw new KeyAccessException("pkcs11: pin-value is refused: a PIN must not appear in a URI; use pin-source=file:PATH");
                default:
                    refuse(kv[0]);
            }
        }
        if (module == null) {
            throw new KeyAccessException("pkcs11: URI needs module-path=PATH of the token's PKCS#11 library");
        }
        if (object == null) {
            throw new KeyAccessException("pkcs11: URI needs object=LABEL of the key");
        }
        if (token == null && slot == null) {
            throw new KeyAccessException("pkcs11: URI needs token=LABEL or slot-id=N");
        }
        return new Pkcs11Uri(Optional.ofNullable(token), Optional.of(object), Optional.ofNullable(slot), module,
                Optional.ofNullable(pin), uri);
    }

    private static void refuse(String name) throws KeyAccessException {
        if (UNSUPPORTED.contains(name)) {
            throw new KeyAccessException("pkcs11: attribute " + name + " is not supported here (use token, object, slot-id)");
        }
        if (!name.startsWith("x-")) {
            throw new KeyAccessException("pkcs11: unknown attribute " + name);
        }
    }

    private static String[] split(String s, char sep) {
        if (s.isEmpty()) {
            return new String[0];
        }
        return s.split(java.util.regex.Pattern.quote(String.valueOf(sep)), -1);
    }

    private static String[] keyValue(String attr) throws KeyAccessException {
        int eq = attr.indexOf('=');
        if (eq <= 0) {
            throw new KeyAccessException("pkcs11: malformed attribute '" + attr + "'");
        }
        return new String[] {attr.substring(0, eq), decode(attr.substring(eq + 1))};
    }

    /** RFC 3986 percent-decoding of UTF-8 octets. */
    private static String decode(String s) throws KeyAccessException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new KeyAccessException("pkcs11: truncated percent escape");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new KeyAccessException("pkcs11: bad percent escape");
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return text;
    }
}
