package dev.medsec.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * report.json and SARIF of a fixed fixture tree, compared with committed golden files: the report contract and
 * every finding's id, evidence and message must not change by accident (a move of modules, a refactoring).
 * Times, durations, the tool version and the scan's temporary path are redacted. After an intended change,
 * regenerate with {@code mvn -pl medsec-cli test -Dtest=ReportGoldenTest -Dgolden.update=true} and review the diff.
 */
class ReportGoldenTest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    @TempDir
    Path tmp;

    /** Text files only, so that the result depends on medsec alone, not on a compiler's version. */
    private Path tree() throws Exception {
        Path root = tmp.resolve("rootfs");
        Map<String, String> files = new java.util.TreeMap<>(Map.of(
                "etc/passwd", "root::0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n",
                "etc/sysctl.conf", "kernel.randomize_va_space = 0\nnet.ipv4.ip_forward = 1\n",
                "etc/ssh/sshd_config", "PermitRootLogin yes\nPasswordAuthentication yes\nCiphers 3des-cbc,aes128-ctr\n",
                "boot/uEnv.txt", "bootdelay=0\nverify=no\nbootargs=console=ttyS0 init=/bin/sh\n",
                "opt/app/update.sh", "#!/bin/sh\ncurl -k -s http://updates.example.com/fw.bin -o /tmp/fw.bin && sh /tmp/fw.bin\n",
                "opt/app/settings.ini", "[cloud]\naws_access_key_id = AKIAIOSFODNN7EXAMPLZ\nregion = eu-west-1\n",
                "etc/inittab", "::sysinit:/etc/init.d/rcS\nttyS0::respawn:/bin/sh\n"));
        for (var e : files.entrySet()) {
            Path p = root.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, e.getValue());
        }
        return root;
    }

    @Test
    void scan_fixtureTree_reportAndSarifMatchTheGoldenFiles() throws Exception {
        Path root = tree();
        Path json = tmp.resolve("report.json");
        Path sarif = tmp.resolve("report.sarif");
        CliRun r = CliRun.of("scan", root.toString(), "-q", "--json", json.toString(), "--sarif", sarif.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        compare("report.json", redactReport(JSON.readTree(json.toFile()), root));
        compare("report.sarif", redactSarif(JSON.readTree(sarif.toFile()), root));
    }

    private static JsonNode redactReport(JsonNode report, Path root) {
        ObjectNode o = (ObjectNode) report;
        o.put("startedAt", "(redacted)");
        o.put("durationMs", 0);
        o.remove("timings");
        ((ObjectNode) o.get("tool")).put("version", "(redacted)");
        ((ObjectNode) o.get("target")).put("path", "(redacted)");
        return JSON.valueToTree(JSON.convertValue(o, Object.class));
    }

    private static JsonNode redactSarif(JsonNode sarif, Path root) throws Exception {
        String text = JSON.writeValueAsString(sarif).replace(root.toUri().toString(), "file:///rootfs/").replace(root.toString(), "/rootfs");
        ObjectNode o = (ObjectNode) JSON.readTree(text);
        for (JsonNode run : o.withArray("runs")) {
            JsonNode driver = run.path("tool").path("driver");
            if (driver instanceof ObjectNode d) {
                d.put("version", "(redacted)");
                d.remove("semanticVersion");
            }
            for (JsonNode inv : run.withArray("invocations")) {
                ((ObjectNode) inv).remove("startTimeUtc");
                ((ObjectNode) inv).remove("endTimeUtc");
            }
        }
        return o;
    }

    private static void compare(String name, JsonNode actual) throws Exception {
        Path golden = GOLDEN.resolve(name);
        String text = JSON.writeValueAsString(actual) + "\n";
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, text);
        }
        Path out = Path.of("target", "golden-actual-" + name);
        Files.createDirectories(out.getParent());
        Files.writeString(out, text);
        assertThat(Files.exists(golden)).as(golden + " missing: run with -Dgolden.update=true").isTrue();
        assertThat(JSON.readTree(golden.toFile())).as("%s differs from %s (actual written to %s)", name, golden, out).isEqualTo(actual);
    }
}
