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
import java.util.Optional;
import java.util.regex.Pattern;

@CheckInfo(id = "input.script-unverified-update", principle = Principle.UNTRUSTED_INPUT, severity = Severity.HIGH,
        cwe = {494, 345, 319},
        summary = "A script downloads code over plain HTTP and runs it, or installs a downloaded update without "
                + "verifying a signature",
        remediation = "Fetch over HTTPS and verify a signature before installing (openssl dgst -verify, gpgv, "
                + "medsec verify-file, swupdate -k, RAUC bundles); never pipe a download into a shell.")
public final class ScriptUnverifiedUpdate implements FileCheck {
    private static final Pattern DOWNLOAD = Pattern.compile("\\b(curl|wget|tftp|busybox\\s+wget|ftpget|scp)\\b");
    private static final Pattern HTTP_URL = Pattern.compile("\\bhttp://[^\\s\"'`;|&)]+");
    private static final Pattern PIPE_TO_SHELL = Pattern.compile("\\|\\s*(sudo\\s+)?(ba|da|z|k)?sh\\b");
    private static final Pattern INSTALL = Pattern.compile(
            "\\b(dpkg\\s+-i|dpkg\\s+--install|opkg\\s+install|apt(-get)?\\s+install\\s+\\./|rpm\\s+-[iUF]|"
                    + "apk\\s+add\\s+--allow-untrusted|swupdate\\b(?![^|;&]*\\s-k\\s)[^|;&]*\\s-i|flashcp\\b|"
                    + "sysupgrade\\b|fw_update\\b|mtd\\s+write\\b|dd\\b[^|;&]*\\bof=/dev/)");
    private static final Pattern EXECUTE = Pattern.compile("(^|[;&|]\\s*)(sh|bash|\\./[\\w.-]+|chmod\\s+\\+x)\\b");
    private static final Pattern VERIFY = Pattern.compile(
            "\\b(openssl\\s+(dgst|cms|smime|pkeyutl)\\b[^|;&]*-verify|gpg\\b[^|;&]*--verify|gpgv\\b|"
                    + "medsec\\s+verify-file\\b|signify\\s+-V|minisign\\s+-V|cosign\\s+verify|swupdate\\b[^|;&]*\\s-k\\s|"
                    + "rauc\\s+install\\b|usign\\s+-V|openssl\\s+verify\\b)");

    /**
     * A command of the line (split at ;, && and ||) that executes a file and is not itself the download: "curl -o
     * /tmp/fw http://... && sh /tmp/fw" runs what it fetched as surely as two lines do.
     */
    static boolean executesWithoutDownloading(String line) {
        for (String command : line.split("&&|\\|\\||;")) {
            String c = command.strip();
            if (!c.isEmpty() && !DOWNLOAD.matcher(c).find() && EXECUTE.matcher(c).find()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean appliesTo(Artifact artifact) {
        return ShellLines.isShell(artifact);
    }

    @Override
    public void inspect(Artifact artifact, Findings out) throws IOException {
        List<ShellLines.Line> lines = ShellLines.read(artifact);
        boolean downloads = false;
        boolean httpDownload = false;
        for (ShellLines.Line l : lines) {
            String c = l.code();
            boolean dl = DOWNLOAD.matcher(c).find();
            downloads |= dl;
            Optional<String> url = dl ? firstHttpUrl(c) : Optional.empty();
            httpDownload |= url.isPresent();
            if (url.isPresent() && PIPE_TO_SHELL.matcher(c).find()) {
                out.at(artifact).evidence("line", l.line()).evidence("url", url.get())
                        .evidence("command", ScriptTlsVerificationDisabled.abbreviate(c)).severity(Severity.CRITICAL)
                        .message("code downloaded over plain HTTP is piped into a shell at line " + l.line())
                        .key("pipe#" + url.get()).report();
            }
        }
        if (!downloads) {
            return;
        }
        // Only a script that downloads needs the (costlier) search for a signature check.
        boolean verifies = lines.stream().anyMatch(l -> VERIFY.matcher(l.code()).find());
        for (ShellLines.Line l : lines) {
            String c = l.code();
            if (INSTALL.matcher(c).find() && !verifies) {
                out.at(artifact).evidence("line", l.line()).evidence("command", ScriptTlsVerificationDisabled.abbreviate(c))
                        .evidence("downloadOverHttp", httpDownload)
                        .message("downloaded update installed without a signature check at line " + l.line()
                                + (httpDownload ? " (and fetched over plain HTTP)" : ""))
                        .key("install#" + c.hashCode()).report();
            } else if (httpDownload && !verifies && executesWithoutDownloading(c)) {
                out.at(artifact).evidence("line", l.line()).evidence("command", ScriptTlsVerificationDisabled.abbreviate(c))
                        .evidence("downloadOverHttp", true)
                        .message("a file fetched over plain HTTP is executed at line " + l.line())
                        .key("exec#" + c.hashCode()).report();
            }
        }
    }

    private static Optional<String> firstHttpUrl(String code) {
        var m = HTTP_URL.matcher(code);
        return m.find() ? Optional.of(m.group()) : Optional.empty();
    }
}
