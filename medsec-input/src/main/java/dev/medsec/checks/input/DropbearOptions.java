package dev.medsec.checks.input;

import dev.medsec.core.Severity;
import dev.medsec.core.check.Findings;
import dev.medsec.core.image.Artifact;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dropbear's authentication options from /etc/default/dropbear (Debian and Yocto init scripts pass
 * DROPBEAR_EXTRA_ARGS / DROPBEAR_ARGS to the daemon): -w refuses root logins, -s refuses password logins,
 * -g refuses password logins for root. Without them Dropbear allows both.
 */
final class DropbearOptions {
    private static final Pattern ARGS = Pattern.compile("(?m)^\\s*(DROPBEAR_EXTRA_ARGS|DROPBEAR_ARGS)\\s*=\\s*(.*)$");

    private DropbearOptions() {
    }

    static void check(Artifact file, Findings out) throws IOException {
        if (file.size() > 1 << 20) {
            throw new IOException("too large for a defaults file");
        }
        ByteBuffer b = file.bytes();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        String text = new String(bytes, StandardCharsets.UTF_8);
        StringBuilder flags = new StringBuilder();
        Matcher m = ARGS.matcher(text);
        while (m.find()) {
            flags.append(' ').append(m.group(2).replace("\"", " ").replace("'", " "));
        }
        boolean noRoot = hasFlag(flags, 'w');
        boolean noPassword = hasFlag(flags, 's');
        boolean noRootPassword = hasFlag(flags, 'g');
        if (!noRoot && !noPassword && !noRootPassword) {
            out.at(file).evidence("arguments", flags.toString().trim()).severity(Severity.HIGH)
                    .message("Dropbear allows root to log in with a password (no -w, -s or -g)")
                    .key("dropbear#root").report();
        }
        if (!noPassword) {
            out.at(file).evidence("arguments", flags.toString().trim()).severity(Severity.MEDIUM)
                    .message("Dropbear accepts password logins (no -s); devices should use keys")
                    .key("dropbear#password").report();
        }
    }

    /** True when a short option cluster ("-wsg", "-w") among the arguments contains {@code flag}. */
    private static boolean hasFlag(CharSequence args, char flag) {
        for (String word : args.toString().trim().split("\\s+")) {
            if (word.startsWith("-") && !word.startsWith("--") && word.indexOf(flag) > 0 && word.matches("-[a-zA-Z]+")) {
                return true;
            }
        }
        return false;
    }
}
