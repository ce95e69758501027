package dev.medsec.cli.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medsec.cli.CliRun;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Origin and SOUP triage on a root filesystem made with the real tools: gcc builds programs without the hardening
 * flags, dpkg-deb packages some of them and dpkg installs them (status and file lists), one package file stays
 * in the apt cache, and the same programs sit where no package owns them — the device maker's own code.
 */
class OriginTriageScanTest {
    @TempDir
    static Path tmp;
    static Path root;

    @BeforeAll
    static void buildTree() throws Exception {
        for (String t : List.of("gcc", "dpkg", "dpkg-deb")) {
            Tools.require(t);
        }
        Path src = tmp.resolve("src");
        Files.createDirectories(src);
        for (String f : List.of("tool.c", "aes.c", "make-tree.sh")) {
            try (var in = OriginTriageScanTest.class.getResourceAsStream("/origin/" + f)) {
                Files.copy(in, src.resolve(f));
            }
        }
        root = tmp.resolve("root");
        Tools.run(tmp, "sh", src.resolve("make-tree.sh").toString(), src.toString(), tmp.resolve("work").toString(),
                root.toString());
    }

    private static JsonNode scan(String profileYaml, String... extra) throws Exception {
        Path profile = Files.createTempFile(tmp, "profile", ".yaml");
        Files.writeString(profile, profileYaml);
        Path json = Files.createTempFile(tmp, "report", ".json");
        List<String> args = new ArrayList<>(List.of("scan", root.toString(), "-q", "--json", json.toString(),
                "--profile", profile.toString()));
        args.addAll(List.of(extra));
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isIn(0, 1);
        return new ObjectMapper().readTree(json.toFile());
    }

    private static List<JsonNode> at(JsonNode report, String path) {
        List<JsonNode> out = new ArrayList<>();
        report.get("findings").forEach(f -> {
            if (f.get("path").asText().equals(path)) {
                out.add(f);
            }
        });
        return out;
    }

    private static Map<String, String> severityByCheck(List<JsonNode> findings) {
        Map<String, String> out = new HashMap<>();
        findings.forEach(f -> out.put(f.get("check").asText(), f.get("severity").asText()));
        return out;
    }

    @Test
    void ownCode_everyFindingAtTheChecksSeverity_oneFindingPerFile() throws Exception {
        JsonNode r = scan("firstParty: [/usr/local/bin/**]\n");
        List<JsonNode> unknown = at(r, "/opt/pump/bin/pumpd");
        List<JsonNode> firstParty = at(r, "/usr/local/bin/pumpctl");
        // the same program in two places the device maker answers for: the same findings, unchanged
        assertThat(severityByCheck(unknown)).isEqualTo(severityByCheck(firstParty))
                .containsEntry("hardening.no-stack-canary", "medium")
                .containsEntry("hardening.relro", "medium")
                .containsEntry("hardening.no-fortify", "medium")
                .containsEntry("input.dangerous-functions", "medium")
                .containsEntry("hardening.no-x86-cet", "info");
        assertThat(unknown).allSatisfy(f -> assertThat(f.get("origin").get("kind").asText()).isEqualTo("unknown"));
        assertThat(firstParty).allSatisfy(f -> {
            assertThat(f.get("origin").get("kind").asText()).isEqualTo("first-party");
            assertThat(f.get("origin").get("basis").asText()).contains("/usr/local/bin/**");
        });
        assertThat(severityByCheck(at(r, "/opt/pump/bin/pump-cipher"))).containsEntry("crypto.homemade-crypto", "high");
    }

    @Test
    void soup_oneFindingPerComponentAndCheck_buildPropertiesAtMostLow_filesInEvidence() throws Exception {
        JsonNode r = scan("name: test\n");
        Map<String, Integer> perComponentCheck = new HashMap<>();
        List<JsonNode> acme = new ArrayList<>();
        r.get("findings").forEach(f -> {
            JsonNode o = f.get("origin");
            if (o.get("kind").asText().equals("soup")) {
                perComponentCheck.merge(o.get("component").get("name").asText() + " " + f.get("check").asText(), 1, Integer::sum);
                if (o.get("component").get("name").asText().equals("libacme1")) {
                    acme.add(f);
                }
            }
        });
        assertThat(perComponentCheck).isNotEmpty().allSatisfy((k, n) -> assertThat(n).as(k).isEqualTo(1));
        Map<String, String> sev = severityByCheck(acme);
        assertThat(sev).containsEntry("hardening.no-stack-canary", "low").containsEntry("hardening.relro", "low")
                .containsEntry("hardening.no-fortify", "low").containsEntry("input.dangerous-functions", "low")
                // not a build property: a non-PIE program keeps its severity in SOUP too
                .containsEntry("hardening.no-pie", "medium")
                // home-made crypto in a supplier's package is an inventory note
                .containsEntry("crypto.homemade-crypto", "info");
        JsonNode canary = acme.stream().filter(f -> f.get("check").asText().equals("hardening.no-stack-canary")).findFirst().orElseThrow();
        // the installed files and the copies in the package file of the apt cache are one component's
        assertThat(canary.get("evidence").get("fileCount").asInt()).isEqualTo(6);
        assertThat(canary.get("evidence").get("files").toString()).contains("/usr/lib/acme/acme-tool",
                "/var/cache/apt/archives/libacme1_1.2-3_amd64.deb!/data.tar");
        assertThat(canary.get("evidence").get("checkSeverity").asText()).isEqualTo("medium");
        assertThat(canary.get("origin").get("component").get("version").asText()).isEqualTo("1.2-3");
        assertThat(canary.get("origin").get("component").get("purl").asText()).startsWith("pkg:deb/debian/libacme1@1.2-3");
        assertThat(canary.get("origin").get("basis").asText()).contains("/var/lib/dpkg/info/libacme1.list");
        assertThat(canary.get("remediation").asText()).startsWith("SOUP decision for libacme1 1.2-3");
        // a cryptographic library implementing AES is what it is for: no home-made crypto finding at all
        assertThat(r.get("findings").findValuesAsText("check").stream().filter(c -> c.equals("crypto.homemade-crypto")).count())
                .isEqualTo(2); // pump-cipher (own code) and the libacme1 roll-up; none for libtomcrypt1
        assertThat(r.get("triage").get("droppedInCryptoLibraries").asInt()).isEqualTo(1);
        // a package's md5sums (in the .deb's control archive, and dpkg's copy) is not an update manifest
        assertThat(r.get("findings").findValuesAsText("check")).doesNotContain("input.update-manifest-weak-digest");
        assertThat(r.get("stats").get("files").asInt()).isGreaterThan(10);
    }

    @Test
    void rollUpId_isStablePerComponentVersionAndCheck() throws Exception {
        JsonNode a = scan("name: a\n");
        JsonNode b = scan("name: b\nplatform: {enforces: [ibt]}\n");
        assertThat(ids(a, "libacme1")).isNotEmpty().isSubsetOf(ids(b, "libacme1"));
    }

    private static List<String> ids(JsonNode r, String component) {
        List<String> out = new ArrayList<>();
        r.get("findings").forEach(f -> {
            JsonNode c = f.get("origin").get("component");
            if (c != null && c.get("name").asText().equals(component) && !f.get("check").asText().equals("hardening.no-x86-cet")) {
                out.add(f.get("id").asText());
            }
        });
        return out;
    }

    @Test
    void cet_isInfoUnlessThePlatformEnforcesIt() throws Exception {
        assertThat(severityByCheck(at(scan("name: x\n"), "/opt/pump/bin/pumpd"))).containsEntry("hardening.no-x86-cet", "info");
        JsonNode enforced = scan("platform:\n  enforces: [shadow-stack]\n");
        assertThat(severityByCheck(at(enforced, "/opt/pump/bin/pumpd"))).containsEntry("hardening.no-x86-cet", "low");
    }

    @Test
    void gateOrigin_firstParty_countsOwnCodeOnly() throws Exception {
        // everything but the packages is the maker's: --fail-on medium fails on own code either way
        assertThat(CliRun.of("scan", root.toString(), "-q", "--fail-on", "medium", "--gate-origin", "first-party").exit()).isEqualTo(1);
        // soup only: the packaged programs alone have a medium (no PIE), which fails 'all' but not 'first-party'
        Path soupOnly = tmp.resolve("soup-profile.yaml");
        Files.writeString(soupOnly, "soup:\n  - path: /opt/pump/**\n    component: pump-sdk\n    version: '2.0'\n"
                + "  - path: /usr/local/bin/**\n    component: pump-sdk\n    version: '2.0'\n");
        Path json = tmp.resolve("gate.json");
        CliRun all = CliRun.of("scan", root.toString(), "-q", "--fail-on", "medium", "--profile", soupOnly.toString());
        CliRun own = CliRun.of("scan", root.toString(), "-q", "--fail-on", "medium", "--gate-origin", "first-party",
                "--profile", soupOnly.toString(), "--json", json.toString());
        assertThat(all.exit()).isEqualTo(1);
        assertThat(own.exit()).as(own.err()).isZero();
        JsonNode gate = new ObjectMapper().readTree(json.toFile()).get("gate");
        assertThat(gate.get("origin").asText()).isEqualTo("first-party");
        assertThat(CliRun.of("scan", root.toString(), "--gate-origin", "mine").exit()).isEqualTo(2);
    }

    @Test
    void console_separatesOwnCodeFromSoup() throws Exception {
        CliRun r = CliRun.of("scan", root.toString());
        assertThat(r.out()).containsPattern("Your code: \\d+ findings above info \\(\\d+ high, \\d+ medium\\) · SOUP: \\d+ above info in 2 components");
        // top findings: own code first
        String top = r.out().substring(r.out().indexOf("Top findings:"));
        assertThat(top.indexOf("/opt/pump/bin/")).isLessThan(Math.max(top.indexOf("[SOUP]"), 0) + top.length());
        assertThat(top.split("\n")[1]).doesNotContain("[SOUP]");
    }

    @Test
    void profile_badOriginKeys_exit2() throws Exception {
        Path p = tmp.resolve("bad.yaml");
        Files.writeString(p, "firstParty: [opt/pump]\n");
        CliRun r = CliRun.of("scan", root.toString(), "--profile", p.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("must be an absolute image path or glob");
        Files.writeString(p, "platform: {enforces: [cet]}\n");
        assertThat(CliRun.of("scan", root.toString(), "--profile", p.toString()).err()).contains("unknown protection 'cet'");
    }
}
