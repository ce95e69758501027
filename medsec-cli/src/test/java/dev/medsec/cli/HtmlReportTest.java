package dev.medsec.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTML report of a seeded fixture image (findings in every section: boot environment, console, accounts,
 * sshd, an update script, a secret, a telnet daemon), opened in headless Chromium (Debian's chromium): the DOM
 * after the page's script ran must count what report.json counts. A screenshot is left in
 * target/html-report/ for a person to look at.
 */
class HtmlReportTest {
    @TempDir
    Path tmp;

    private Path fixture() throws Exception {
        Path root = tmp.resolve("rootfs");
        Map<String, String> files = Map.of(
                "etc/passwd", "root::0:0:root:/root:/bin/sh\n",
                "etc/sysctl.conf", "kernel.randomize_va_space = 0\n",
                "etc/ssh/sshd_config", "PermitRootLogin yes\nCiphers 3des-cbc,aes128-ctr\n",
                "boot/uEnv.txt", "bootdelay=0\nverify=no\nbootargs=console=ttyS0 init=/bin/sh\n",
                "opt/app/update.sh", "#!/bin/sh\ncurl -k -s http://updates.example.com/fw.bin -o /tmp/fw.bin && sh /tmp/fw.bin\n",
                "opt/app/settings.ini", "[cloud]\naws_access_key_id = AKIAIOSFODNN7EXAMPLZ\n",
                "opt/app/notes.txt", "<script>alert('not executed')</script> & \"quoted\"\n",
                "etc/inittab", "::sysinit:/etc/init.d/rcS\nttyS0::respawn:/bin/sh\n::respawn:/usr/sbin/telnetd -F -p 2323\n",
                "var/lib/dpkg/status", "Package: zlib1g\nStatus: install ok installed\nArchitecture: amd64\nSource: zlib\n"
                        + "Version: 1:1.2.13.dfsg-1\n");
        for (var e : files.entrySet()) {
            Path p = root.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, e.getValue());
        }
        return root;
    }

    private static int count(String dom, String regex) {
        Matcher m = Pattern.compile(regex).matcher(dom);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void html_inHeadlessChromium_domCountsEqualTheReportsAndAScreenshotIsTaken() throws Exception {
        Tools.require("chromium");
        Path json = tmp.resolve("report.json");
        Path html = tmp.resolve("report.html");
        CliRun r = CliRun.of("scan", fixture().toString(), "-q", "--db", "none", "--json", json.toString(), "--html", html.toString());
        assertThat(r.exit()).as(r.err()).isIn(0, 1);
        String page = Files.readString(html);
        // self-contained: nothing is fetched from anywhere
        assertThat(page).doesNotContain("http://cdn").doesNotContain("<link ").doesNotContain("src=\"http")
                .contains("default-src 'none'");
        // hostile text from the image is escaped, never markup
        assertThat(page).doesNotContain("<script>alert");
        JsonNode rep = new ObjectMapper().readTree(json.toFile());
        String dom = Tools.run(tmp, "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom",
                html.toUri().toString());
        assertThat(dom).contains("data-ready=\"1\"");
        int findings = rep.path("findings").size();
        assertThat(findings).isGreaterThan(10);
        assertThat(count(dom, "<tr class=\"finding")).isEqualTo(findings);
        assertThat(dom).contains("id=\"shown\">" + findings + " shown");
        for (JsonNode p : rep.path("principles")) {
            for (String s : new String[] {"critical", "high", "medium", "low", "info"}) {
                Matcher m = Pattern.compile("<tr data-principle=\"" + p.path("number").asInt() + "\">.*?<td data-count=\"" + s
                        + "\">(\\d+)</td>", Pattern.DOTALL).matcher(dom);
                assertThat(m.find()).isTrue();
                assertThat(Integer.parseInt(m.group(1))).as("P" + p.path("number") + " " + s).isEqualTo(p.path("findings").path(s).asInt());
            }
        }
        assertThat(count(dom, "<tr class=\"component\"")).isEqualTo(rep.path("components").size()).isPositive();
        // each component's level of support, from the report's componentSupport section
        assertThat(count(dom, "data-support=\"supported by the distribution release\"")).isEqualTo(rep.path("components").size());
        assertThat(count(dom, "<tr class=\"error\"")).isEqualTo(rep.path("errors").size());
        assertThat(count(dom, "<tr class=\"service\"")).isEqualTo(rep.path("services").size());
        assertThat(count(dom, "<g class=\"stage\"")).isEqualTo(rep.path("chainOfTrust").path("stages").size() + 1);
        assertThat(dom).contains("data-stage=\"update\" data-status=\"unverified");
        Path shots = Path.of("target/html-report");
        Files.createDirectories(shots);
        Path png = shots.resolve("fixture-report.png");
        Files.deleteIfExists(png);
        Tools.run(tmp, "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--window-size=1400,3000", "--screenshot=" + png.toAbsolutePath(), html.toUri().toString());
        assertThat(png).exists();
        assertThat(Files.size(png)).isGreaterThan(20_000);
        Files.copy(html, shots.resolve("fixture-report.html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
