package dev.medsec.checks.input;

import dev.medsec.code.script.ShellLines;
import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.FileCheck;
import dev.medsec.core.check.Findings;
import dev.medsec.core.image.Artifact;

import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

@CheckInfo(id = "input.script-tls-verification-disabled", principle = Principle.UNTRUSTED_INPUT,
        severity = Severity.HIGH, cwe = {295},
        summary = "A script downloads with TLS verification off (curl -k/--insecure, wget --no-check-certificate, "
                + "git sslVerify=false)",
        remediation = "Remove the flag and give the tool the CA that signs the server (curl --cacert, wget "
                + "--ca-certificate), or pin the server key.")
public final class ScriptTlsVerificationDisabled implements FileCheck {
    private static final List<Pattern> INSECURE = List.of(
            Pattern.compile("\\bcurl\\b[^|;&]*?(?:\\s-[a-zA-Z]*k[a-zA-Z]*\\b|\\s--insecure\\b)"),
            Pattern.compile("\\bwget\\b[^|;&]*?\\s--no-check-certificate\\b"),
            Pattern.compile("\\bgit\\b[^|;&]*?http\\.sslVerify=(?:false|0)\\b"),
            Pattern.compile("\\bGIT_SSL_NO_VERIFY=(?:1|true)\\b"),
            Pattern.compile("\\bopkg\\b[^|;&]*?--no-check-certificate\\b"));
    /** A literal each pattern needs: lines without any of them skip the patterns. */
    private static final List<String> KEYWORDS = List.of("curl", "wget", "sslVerify", "GIT_SSL_NO_VERIFY", "opkg");

    @Override
    public boolean appliesTo(Artifact artifact) {
        return ShellLines.isShell(artifact);
    }

    @Override
    public void inspect(Artifact artifact, Findings out) throws IOException {
        for (ShellLines.Line l : ShellLines.read(artifact)) {
            if (KEYWORDS.stream().noneMatch(l.code()::contains)) {
                continue;
            }
            for (Pattern p : INSECURE) {
                Matcher m = p.matcher(l.code());
                if (m.find()) {
                    String cmd = m.group().strip();
                    String tool = cmd.split("\\s", 2)[0];
                    out.at(artifact).evidence("line", l.line()).evidence("command", abbreviate(l.code()))
                            .message(tool + " with TLS verification disabled at line " + l.line())
                            .key(tool + "#" + l.code().hashCode()).report();
                    break;
                }
            }
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
