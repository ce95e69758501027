package dev.medsec.checks.sensitive;

import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.Image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The accounts of one root filesystem: /etc/passwd joined with /etc/shadow of the same layer (glibc, BusyBox
 * and Dropbear all read these two files). Malformed lines are skipped, never fatal; files larger than
 * {@link #MAX_BYTES} are not account databases.
 */
public final class Accounts {
    static final int MAX_BYTES = 4 * 1024 * 1024;

    /** Shells that do not give an interactive login. */
    private static final Set<String> NO_LOGIN = Set.of("/usr/sbin/nologin", "/sbin/nologin", "/bin/false",
            "/usr/bin/false", "/bin/sync", "/sbin/halt", "/sbin/shutdown", "/usr/sbin/halt", "/usr/sbin/shutdown",
            "/bin/nologin", "/usr/bin/nologin");

    /**
     * @param passwdField the password field as /etc/passwd has it ("x" when the shadow file holds it)
     * @param shadowField the password field of /etc/shadow, when the account has a shadow line
     */
    public record Account(String name, int uid, String shell, String passwdField, Optional<String> shadowField,
                          int passwdLine, int shadowLine) {
        /** The field that decides authentication: passwd's own unless it defers to shadow with "x". */
        public String effectiveField() {
            if (passwdField.equals("x") && shadowField.isPresent()) {
                return shadowField.get();
            }
            return passwdField.equals("x") ? "*" : passwdField;
        }

        public boolean canLogin() {
            return shell.isEmpty() || !NO_LOGIN.contains(shell);
        }

        public HashScheme scheme() {
            return HashScheme.of(effectiveField());
        }
    }

    public record Database(String passwdPath, Optional<String> shadowPath, List<Account> accounts) {
        public Database {
            accounts = List.copyOf(accounts);
        }
    }

    private Accounts() {
    }

    /** One database per layer that has an /etc/passwd. */
    public static List<Database> of(Image image) throws IOException {
        List<Database> out = new ArrayList<>();
        for (Artifact passwd : image.findAll("/etc/passwd")) {
            Optional<Artifact> p = image.resolve(passwd).filter(Artifact::hasContent);
            if (p.isEmpty() || p.get().size() > MAX_BYTES) {
                continue;
            }
            Optional<Artifact> shadow = image.get(passwd.layer(), "/etc/shadow").flatMap(image::resolve)
                    .filter(a -> a.hasContent() && a.size() <= MAX_BYTES);
            out.add(parse(passwd.path(), text(p.get()), shadow.map(Artifact::path),
                    shadow.isPresent() ? text(shadow.get()) : ""));
        }
        return out;
    }

    static Database parse(String passwdPath, String passwd, Optional<String> shadowPath, String shadow) {
        Map<String, String[]> shadowByName = new LinkedHashMap<>();
        Map<String, Integer> shadowLineByName = new LinkedHashMap<>();
        int n = 0;
        for (String line : shadow.split("\n", -1)) {
            n++;
            String[] f = line.split(":", -1);
            if (f.length >= 2 && !f[0].isEmpty() && !line.startsWith("#")) {
                shadowByName.putIfAbsent(f[0], f);
                shadowLineByName.putIfAbsent(f[0], n);
            }
        }
        List<Account> accounts = new ArrayList<>();
        n = 0;
        for (String line : passwd.split("\n", -1)) {
            n++;
            String[] f = line.split(":", -1);
            if (f.length < 7 || f[0].isEmpty() || line.startsWith("#") || line.startsWith("+") || line.startsWith("-")) {
                continue;
            }
            int uid;
            try {
                uid = Integer.parseInt(f[2]);
            } catch (NumberFormatException e) {
                continue;
            }
            String[] s = shadowByName.get(f[0]);
            accounts.add(new Account(f[0], uid, f[6].strip(), f[1], Optional.ofNullable(s).map(x -> x[1]), n,
                    shadowLineByName.getOrDefault(f[0], 0)));
        }
        return new Database(passwdPath, shadowPath, accounts);
    }

    private static String text(Artifact a) throws IOException {
        ByteBuffer b = a.bytes();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8).replace("\r", "");
    }
}
