package dev.medsec.checks.input;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.FileCheck;
import dev.medsec.core.check.Findings;
import dev.medsec.core.classify.FileType;
import dev.medsec.core.image.Artifact;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

@CheckInfo(id = "input.config-peer-unverified", principle = Principle.UNTRUSTED_INPUT, severity = Severity.HIGH,
        cwe = {295},
        summary = "A TLS client configuration skips server verification (stunnel, mosquitto bridge, wgetrc, curlrc)",
        remediation = "Verify the server: stunnel verifyChain = yes with CAfile (and checkHost), mosquitto "
                + "bridge_insecure false with bridge_cafile, remove check_certificate = off / insecure.")
public final class ConfigPeerVerificationDisabled implements FileCheck {
    private static final Pattern SECTION = Pattern.compile("^\\s*\\[([^\\]]*)\\]\\s*$");
    private static final Pattern KEY_VALUE = Pattern.compile("^\\s*([A-Za-z_]+)\\s*=\\s*(\\S+)");

    @Override
    public boolean appliesTo(Artifact artifact) {
        if (artifact.type() != FileType.TEXT) {
            return false;
        }
        String p = artifact.innerPath();
        return (p.startsWith("/etc/stunnel/") && p.endsWith(".conf"))
                || (p.startsWith("/etc/mosquitto/") && p.endsWith(".conf"))
                || p.equals("/etc/wgetrc") || p.endsWith("/.wgetrc") || p.endsWith("/.curlrc") || p.equals("/etc/curlrc");
    }

    @Override
    public void inspect(Artifact artifact, Findings out) throws IOException {
        String p = artifact.innerPath();
        String[] lines = text(artifact).split("\n", -1);
        if (p.startsWith("/etc/stunnel/")) {
            stunnel(artifact, lines, out);
            return;
        }
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            if (l.startsWith("#")) {
                continue;
            }
            String lower = l.toLowerCase(Locale.ROOT);
            boolean insecure = p.startsWith("/etc/mosquitto/") ? lower.matches("bridge_insecure\\s+true\\b.*")
                    : p.endsWith("wgetrc") ? lower.matches("check_certificate\\s*=\\s*(off|0|no)\\b.*")
                    : lower.matches("(-k|--insecure|insecure)(\\s.*)?");
            if (insecure) {
                out.at(artifact).evidence("line", i + 1).evidence("setting", l)
                        .message(artifact.fileName() + " line " + (i + 1) + " turns off server certificate checks: " + l)
                        .key(l).report();
            }
        }
    }

    /** stunnel verifies nothing unless told to: a client section needs verifyChain/verifyPeer or verify >= 1. */
    private static void stunnel(Artifact a, String[] lines, Findings out) {
        String section = "";
        int sectionLine = 0;
        boolean client = false;
        boolean verifies = false;
        boolean globalVerifies = false;
        for (int i = 0; i <= lines.length; i++) {
            String l = i < lines.length ? lines[i].strip() : "[]";
            if (l.startsWith(";") || l.startsWith("#")) {
                continue;
            }
            Matcher s = SECTION.matcher(l);
            if (s.matches()) {
                if (client && !verifies && !section.isEmpty()) {
                    out.at(a).evidence("service", section).evidence("line", sectionLine)
                            .message("stunnel client service [" + section + "] does not verify the server certificate")
                            .key(section).report();
                }
                if (section.isEmpty()) {
                    globalVerifies = verifies;
                }
                section = s.group(1).strip();
                sectionLine = i + 1;
                client = false;
                verifies = globalVerifies;
                continue;
            }
            Matcher kv = KEY_VALUE.matcher(l);
            if (kv.find()) {
                String key = kv.group(1).toLowerCase(Locale.ROOT);
                String value = kv.group(2).toLowerCase(Locale.ROOT);
                switch (key) {
                    case "client" -> client = value.equals("yes");
                    case "verifychain", "verifypeer" -> verifies = value.equals("yes");
                    case "verify" -> verifies = !value.equals("0");
                    default -> {
                    }
                }
            }
        }
    }

    private static String text(Artifact a) throws IOException {
        if (a.size() > 1 << 20) {
            throw new IOException("configuration file too large");
        }
        ByteBuffer b = a.bytes();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8).replace("\r", "");
    }
}
