package dev.medsec.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One self-contained HTML page of a report, for a reviewer's browser or a printed regulatory file: no network, no
 * external script or style; inline CSS and a few lines of JavaScript (filters and sorting, which degrade to a
 * complete static table when scripts are off or the page is printed). It is rendered from the report.json tree,
 * so it can be made again from an archived report; evidence is shown as report.json holds it (already redacted).
 *
 * <p>Sections: summary per principle and origin, the gate, findings, components with their support and
 * vulnerabilities, the chain of trust as an inline SVG diagram, services and interfaces, coverage and errors.
 * Elements carry {@code data-*} attributes and ids so tests (and a reviewer's tooling) can count what is shown.
 */
public final class HtmlReportWriter {
    private static final String[] SEVERITIES = {"critical", "high", "medium", "low", "info"};
    /** Boot order of the chain of trust, and the label each stage gets in the diagram. */
    private static final Map<String, String> STAGES = new LinkedHashMap<>();

    static {
        STAGES.put("firmware", "ROM / UEFI firmware");
        STAGES.put("bootloader", "Bootloader");
        STAGES.put("kernel", "Kernel / FIT");
        STAGES.put("modules", "Kernel modules");
        STAGES.put("rootfs", "Root filesystem");
        STAGES.put("update", "Update path");
    }

    private HtmlReportWriter() {
    }

    public static void write(JsonNode report, Path file) throws IOException {
        String html = render(report);
        JsonReportWriter.writeAtomically(file, out -> out.write(html.getBytes(StandardCharsets.UTF_8)));
    }

    public static String render(JsonNode r) {
        StringBuilder h = new StringBuilder(64 * 1024);
        String target = r.path("target").path("path").asText();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
                        + "script-src 'unsafe-inline'; img-src data:\">\n")
                .append("<title>medsec report: ").append(esc(target)).append("</title>\n<style>").append(CSS).append("</style></head>\n<body>\n");
        h.append("<header><h1>Security report: ").append(esc(target)).append("</h1><p class=\"meta\">medsec ")
                .append(esc(r.path("tool").path("version").asText())).append(" · scanned ").append(esc(r.path("startedAt").asText()))
                .append(" · SHA-256 <code>").append(esc(r.path("target").path("sha256").asText())).append("</code> · report schema ")
                .append(r.path("schemaVersion").asInt()).append("</p></header>\n");
        summary(h, r);
        findings(h, r);
        components(h, r);
        chain(h, r);
        services(h, r);
        coverage(h, r);
        h.append("<footer>Generated from report.json. Evidence is shown as the report holds it: secrets and keys are redacted there.</footer>\n");
        h.append("<script>").append(JS).append("</script>\n</body></html>\n");
        return h.toString();
    }

    private static void summary(StringBuilder h, JsonNode r) {
        JsonNode gate = r.path("gate");
        boolean passed = gate.path("passed").asBoolean();
        h.append("<section id=\"summary\"><h2>Summary</h2>\n<p class=\"gate ").append(passed ? "pass" : "fail")
                .append("\" data-gate-passed=\"").append(passed).append("\">Gate ").append(passed ? "passed" : "FAILED")
                .append(" (--fail-on ").append(esc(gate.path("failOn").asText("none"))).append(", origin ")
                .append(esc(gate.path("origin").asText("all"))).append(")</p>\n");
        h.append("<table class=\"principles\"><thead><tr><th>Principle</th>");
        for (String s : SEVERITIES) {
            h.append("<th class=\"sev-").append(s).append("\">").append(s).append("</th>");
        }
        h.append("<th>Status</th></tr></thead><tbody>\n");
        for (JsonNode p : r.path("principles")) {
            h.append("<tr data-principle=\"").append(p.path("number").asInt()).append("\"><td>").append(p.path("number").asInt())
                    .append(". ").append(esc(p.path("name").asText())).append("</td>");
            for (String s : SEVERITIES) {
                h.append("<td data-count=\"").append(s).append("\">").append(p.path("findings").path(s).asInt()).append("</td>");
            }
            h.append("<td class=\"status-").append(esc(p.path("status").asText())).append("\">").append(esc(p.path("status").asText()))
                    .append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");
        Map<String, Integer> origin = new TreeMap<>();
        for (JsonNode f : r.path("findings")) {
            if (!f.path("severity").asText().equals("info") && !f.path("waived").asBoolean()) {
                origin.merge(f.path("origin").path("kind").asText("unknown"), 1, Integer::sum);
            }
        }
        h.append("<p id=\"origins\">Findings above info by origin: ");
        if (origin.isEmpty()) {
            h.append("none");
        }
        origin.forEach((k, v) -> h.append("<span class=\"origin\" data-origin=\"").append(esc(k)).append("\" data-count=\"")
                .append(v).append("\">").append(esc(k)).append(": ").append(v).append("</span> "));
        h.append("</p></section>\n");
    }

    private static void findings(StringBuilder h, JsonNode r) {
        h.append("<section id=\"findings-section\"><h2>Findings (<span id=\"findings-count\">").append(r.path("findings").size())
                .append("</span>)</h2>\n<div class=\"filters noprint\">Severity <select data-filter=\"severity\"><option value=\"\">all</option>");
        for (String s : SEVERITIES) {
            h.append("<option>").append(s).append("</option>");
        }
        h.append("</select> Principle <select data-filter=\"principle\"><option value=\"\">all</option>");
        for (int p = 1; p <= 7; p++) {
            h.append("<option>").append(p).append("</option>");
        }
        h.append("</select> Origin <select data-filter=\"origin\"><option value=\"\">all</option><option>first-party</option>"
                + "<option>soup</option><option>unknown</option></select> Check or path <input data-filter=\"text\" size=\"30\">"
                + " <span id=\"shown\"></span></div>\n");
        h.append("<table id=\"findings\" class=\"sortable\"><thead><tr><th>Severity</th><th>P</th><th>Origin</th><th>Check</th>"
                + "<th>Path</th><th>Finding</th></tr></thead><tbody>\n");
        for (JsonNode f : r.path("findings")) {
            String sev = f.path("severity").asText();
            String orig = f.path("origin").path("kind").asText("unknown");
            h.append("<tr class=\"finding").append(f.path("waived").asBoolean() ? " waived" : "").append("\" data-severity=\"")
                    .append(esc(sev)).append("\" data-rank=\"").append(rank(sev)).append("\" data-principle=\"")
                    .append(f.path("principle").asInt()).append("\" data-origin=\"").append(esc(orig)).append("\" data-check=\"")
                    .append(esc(f.path("check").asText())).append("\" id=\"f-").append(esc(f.path("id").asText())).append("\">");
            h.append("<td class=\"sev-").append(esc(sev)).append("\">").append(esc(sev)).append(f.path("waived").asBoolean() ? " (waived)" : "")
                    .append("</td><td>").append(f.path("principle").asInt()).append("</td><td>").append(esc(orig));
            JsonNode comp = f.path("origin").path("component");
            if (comp.isObject()) {
                h.append("<br><small>").append(esc(comp.path("name").asText())).append(' ').append(esc(comp.path("version").asText()))
                        .append("</small>");
            }
            h.append("</td><td><code>").append(esc(f.path("check").asText())).append("</code></td><td><code>")
                    .append(esc(f.path("path").asText())).append("</code></td><td>").append(esc(f.path("message").asText()));
            h.append("<details><summary>evidence and fix</summary><p><b>CWE</b> ");
            for (JsonNode c : f.path("cwe")) {
                h.append("CWE-").append(c.asInt()).append(' ');
            }
            h.append("</p><pre>").append(esc(evidence(f.path("evidence")))).append("</pre><p><b>Fix:</b> ")
                    .append(esc(f.path("remediation").asText())).append("</p></details></td></tr>\n");
        }
        h.append("</tbody></table></section>\n");
    }

    private static void components(StringBuilder h, JsonNode r) {
        Map<String, List<String>> vulns = new LinkedHashMap<>();
        Map<String, String> eos = new LinkedHashMap<>();
        for (JsonNode f : r.path("findings")) {
            JsonNode e = f.path("evidence");
            String key = e.path("component").asText() + " " + e.path("version").asText();
            if (f.path("check").asText().equals("soup.known-vulnerability")) {
                vulns.computeIfAbsent(key, k -> new ArrayList<>()).add(e.path("vulnerability").asText()
                        + (e.has("knownExploited") ? " (KEV)" : "") + (f.path("severity").asText().equals("info") ? " (VEX)" : ""));
            } else if (f.path("check").asText().equals("soup.end-of-support")) {
                eos.put(key, e.path("endOfSupport").asText(e.path("date").asText("past")));
            }
        }
        Map<String, JsonNode> support = new LinkedHashMap<>();
        for (JsonNode row : r.path("componentSupport")) {
            support.put(row.path("name").asText() + " " + row.path("version").asText() + " " + row.path("path").asText(), row);
        }
        JsonNode comps = r.path("components");
        h.append("<section id=\"components-section\"><h2>Components (<span id=\"components-count\">").append(comps.size())
                .append("</span>)</h2>\n<table id=\"components\" class=\"sortable\"><thead><tr><th>Component</th><th>Version</th>"
                        + "<th>Identified by</th><th>purl / CPE</th><th>Support</th><th>Known vulnerabilities</th></tr></thead><tbody>\n");
        for (JsonNode c : comps) {
            String key = c.path("name").asText() + " " + c.path("version").asText();
            List<String> v = vulns.getOrDefault(key, List.of());
            JsonNode sup = support.get(key + " " + c.path("path").asText());
            String level = sup == null ? "" : sup.path("supportLevel").asText();
            String until = sup == null ? "" : sup.path("endOfSupport").asText();
            h.append("<tr class=\"component\" data-vulnerabilities=\"").append(v.size()).append("\" data-support=\"")
                    .append(esc(level)).append("\"><td>").append(esc(c.path("name").asText()))
                    .append("</td><td>").append(esc(c.path("version").asText())).append("</td><td>").append(esc(c.path("source").asText()))
                    .append("</td><td><code>").append(esc(c.path("purl").asText(c.path("cpe").asText("")))).append("</code></td><td>")
                    .append(eos.containsKey(key) ? "<span class=\"sev-medium\">end of support " + esc(eos.get(key)) + "</span>"
                            : esc(level) + (until.isEmpty() ? "" : " (until " + esc(until) + ")"))
                    .append("</td><td>").append(esc(String.join(", ", v))).append("</td></tr>\n");
        }
        h.append("</tbody></table>\n<p>").append(esc(vulnMatching(r.path("vulnerabilityMatching")))).append("</p></section>\n");
    }

    private static String vulnMatching(JsonNode vm) {
        if (vm.isMissingNode()) {
            return "Known vulnerabilities: not part of this report.";
        }
        if (!vm.path("performed").asBoolean()) {
            return "Known vulnerabilities were NOT checked: " + vm.path("reason").asText();
        }
        return "Matched against vulnerability database " + vm.path("snapshot").asText() + " (" + vm.path("records").asLong()
                + " advisories; KEV " + vm.path("knownExploitedCatalog").path("catalogVersion").asText("not imported")
                + "; EPSS " + vm.path("epss").path("scoreDate").asText("not imported") + "): " + vm.path("matches").asInt()
                + " matches in " + vm.path("componentsAffected").asInt() + " components.";
    }

    private static void chain(StringBuilder h, JsonNode r) {
        Map<String, JsonNode> byStage = new LinkedHashMap<>();
        for (JsonNode s : r.path("chainOfTrust").path("stages")) {
            byStage.put(s.path("stage").asText(), s);
        }
        List<String> order = new ArrayList<>();
        for (String s : STAGES.keySet()) {
            if (byStage.containsKey(s) || s.equals("update")) {
                order.add(s);
            }
        }
        byStage.keySet().stream().filter(s -> !STAGES.containsKey(s)).forEach(order::add);
        int w = 170;
        int gap = 30;
        int width = order.size() * (w + gap);
        h.append("<section id=\"chain-section\"><h2>Chain of trust</h2>\n<svg id=\"chain\" role=\"img\" aria-label=\"chain of trust\" "
                + "xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"150\" viewBox=\"0 0 ")
                .append(width).append(" 150\">\n");
        int x = 5;
        for (int i = 0; i < order.size(); i++) {
            String stage = order.get(i);
            JsonNode s = byStage.get(stage);
            String status = s == null ? updateStatus(r) : s.path("status").asText();
            String colour = colour(status);
            h.append("<g class=\"stage\" data-stage=\"").append(esc(stage)).append("\" data-status=\"").append(esc(status)).append("\">")
                    .append("<rect x=\"").append(x).append("\" y=\"20\" width=\"").append(w).append("\" height=\"100\" rx=\"8\" fill=\"")
                    .append(colour).append("\" stroke=\"#333\"/>")
                    .append("<text x=\"").append(x + w / 2).append("\" y=\"45\" text-anchor=\"middle\" font-weight=\"bold\">")
                    .append(esc(STAGES.getOrDefault(stage, stage))).append("</text>")
                    .append("<text x=\"").append(x + w / 2).append("\" y=\"68\" text-anchor=\"middle\">").append(esc(status)).append("</text>");
            String detail = s == null ? "" : (s.path("protection").asText("") + " " + keys(s.path("keys"))).strip();
            h.append("<text x=\"").append(x + w / 2).append("\" y=\"92\" text-anchor=\"middle\" font-size=\"11\">")
                    .append(esc(detail.length() > 28 ? detail.substring(0, 27) + "…" : detail)).append("</text>");
            h.append("<title>").append(esc(STAGES.getOrDefault(stage, stage) + ": " + status
                    + (s == null ? "" : " — " + s.path("note").asText("") + " " + detail))).append("</title></g>\n");
            if (i + 1 < order.size()) {
                h.append("<path d=\"M").append(x + w).append(" 70 h").append(gap - 6).append("\" stroke=\"#333\" stroke-width=\"2\" "
                        + "marker-end=\"url(#arrow)\"/>\n");
            }
            x += w + gap;
        }
        h.append("<defs><marker id=\"arrow\" markerWidth=\"8\" markerHeight=\"8\" refX=\"6\" refY=\"4\" orient=\"auto\">"
                + "<path d=\"M0,0 L8,4 L0,8 z\" fill=\"#333\"/></marker></defs></svg>\n<table id=\"stages\"><thead><tr><th>Stage</th>"
                + "<th>Status</th><th>Protection and keys</th><th>Breaking artifacts</th><th>Note</th></tr></thead><tbody>\n");
        for (String stage : order) {
            JsonNode s = byStage.get(stage);
            if (s == null) {
                h.append("<tr class=\"stage-row\"><td>").append(esc(STAGES.get(stage))).append("</td><td>").append(esc(updateStatus(r)))
                        .append("</td><td></td><td></td><td>from the findings of the update checks (input.*update*)</td></tr>\n");
                continue;
            }
            h.append("<tr class=\"stage-row\"><td>").append(esc(STAGES.getOrDefault(stage, stage))).append("</td><td>")
                    .append(esc(s.path("status").asText())).append("</td><td>").append(esc(s.path("protection").asText()))
                    .append(' ').append(esc(keys(s.path("keys")))).append("</td><td><code>")
                    .append(esc(join(s.path("breaking")))).append("</code></td><td>").append(esc(s.path("note").asText()))
                    .append("</td></tr>\n");
        }
        h.append("</tbody></table></section>\n");
    }

    /** The update path has no stage of its own in the report: its findings say whether updates are authenticated. */
    private static String updateStatus(JsonNode r) {
        int n = 0;
        for (JsonNode f : r.path("findings")) {
            String c = f.path("check").asText();
            if (c.startsWith("input.") && c.contains("update") && !f.path("severity").asText().equals("info")) {
                n++;
            }
        }
        return n > 0 ? "unverified (" + n + " findings)" : "no finding";
    }

    private static String colour(String status) {
        String s = status.toLowerCase(Locale.ROOT);
        if (s.startsWith("verified") || s.equals("signed") || s.equals("no finding")) {
            return "#b7e4c7";
        }
        if (s.startsWith("unsigned") || s.startsWith("unverified") || s.contains("broken") || s.contains("invalid")) {
            return "#f4a6a6";
        }
        if (s.equals("not found") || s.equals("unknown")) {
            return "#dddddd";
        }
        return "#ffe08a";
    }

    private static String keys(JsonNode keys) {
        List<String> out = new ArrayList<>();
        for (JsonNode k : keys) {
            out.add(k.isTextual() ? k.asText() : k.path("algorithm").asText(k.toString()));
        }
        return String.join(", ", out);
    }

    private static void services(StringBuilder h, JsonNode r) {
        JsonNode services = r.path("services");
        h.append("<section id=\"services-section\"><h2>Services and interfaces</h2>\n<table id=\"services\"><thead><tr><th>Service</th>"
                + "<th>Started by</th><th>Daemon and arguments</th><th>Listens on</th><th>User</th><th>Reachable</th><th>Kind</th>"
                + "</tr></thead><tbody>\n");
        for (JsonNode s : services) {
            h.append("<tr class=\"service\"><td>").append(esc(s.path("name").asText())).append("</td><td>").append(esc(s.path("enabledBy").asText()))
                    .append("<br><small><code>").append(esc(s.path("path").asText())).append("</code></small></td><td><code>")
                    .append(esc(s.path("command").asText())).append("</code></td><td>").append(esc(join(s.path("listen"))))
                    .append("</td><td>").append(esc(s.path("user").asText(""))).append("</td><td>")
                    .append(s.path("reachable").asBoolean(true) ? "yes" : "no").append("</td><td>").append(esc(s.path("kind").asText("")))
                    .append("</td></tr>\n");
        }
        h.append("</tbody></table>\n<ul id=\"interfaces\">");
        for (JsonNode f : r.path("findings")) {
            String c = f.path("check").asText();
            if (c.equals("attacksurface.interface-inventory") || c.equals("attacksurface.unneeded-interface")
                    || c.equals("attacksurface.insecure-service")) {
                h.append("<li class=\"sev-").append(esc(f.path("severity").asText())).append("\">").append(esc(f.path("message").asText()))
                        .append("</li>");
            }
        }
        h.append("</ul></section>\n");
    }

    private static void coverage(StringBuilder h, JsonNode r) {
        JsonNode c = r.path("coverage");
        h.append("<section id=\"coverage-section\"><h2>Coverage and errors</h2>\n");
        if (c.isObject()) {
            h.append("<p id=\"coverage\" data-percent=\"").append(c.path("percent").asDouble()).append("\">")
                    .append(String.format(Locale.ROOT, "%.1f", c.path("percent").asDouble())).append(" % of ")
                    .append(c.path("targetBytes").asLong()).append(" bytes reached; containers not opened: ")
                    .append(c.path("notOpened").size()).append("</p>\n");
        }
        JsonNode errors = r.path("errors");
        h.append("<p>Files medsec could not open, parse or check: <span id=\"errors-count\">").append(errors.size())
                .append("</span></p>\n<table id=\"errors\"><thead><tr><th>Path</th><th>Stage</th><th>Error</th></tr></thead><tbody>\n");
        for (JsonNode e : errors) {
            h.append("<tr class=\"error\"><td><code>").append(esc(e.path("path").asText())).append("</code></td><td>")
                    .append(esc(e.path("stage").asText())).append("</td><td>").append(esc(e.path("message").asText())).append("</td></tr>\n");
        }
        h.append("</tbody></table></section>\n");
    }

    private static String join(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.asText()));
        return String.join(", ", out);
    }

    private static int rank(String severity) {
        for (int i = 0; i < SEVERITIES.length; i++) {
            if (SEVERITIES[i].equals(severity)) {
                return i;
            }
        }
        return SEVERITIES.length;
    }

    private static String evidence(JsonNode e) {
        StringBuilder sb = new StringBuilder();
        e.fields().forEachRemaining(f -> {
            String v = f.getValue().isTextual() ? f.getValue().asText() : f.getValue().toString();
            sb.append(f.getKey()).append(": ").append(v.length() > 600 ? v.substring(0, 600) + "…" : v).append('\n');
        });
        return sb.toString();
    }

    /** HTML-escapes text for element content and double-quoted attributes. */
    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        sb.append(' ');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    private static final String CSS = """
            body{font:14px/1.4 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:1.5em;color:#222}
            h1{font-size:1.5em;margin:0}h2{border-bottom:2px solid #444;margin-top:1.6em}.meta{color:#555}
            table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid #ccc;padding:3px 6px;vertical-align:top;text-align:left}
            th{background:#f0f0f0;cursor:pointer}code{font-size:12px;word-break:break-all}pre{white-space:pre-wrap;font-size:12px;background:#f7f7f7;padding:4px}
            .sev-critical{background:#7a0c0c;color:#fff}.sev-high{background:#d9534f;color:#fff}.sev-medium{background:#f0ad4e}
            .sev-low{background:#ffe9a8}.sev-info{background:#e8eef5}.gate{font-weight:bold;padding:6px;display:inline-block}
            .gate.pass{background:#b7e4c7}.gate.fail{background:#f4a6a6}.status-fail{color:#b00;font-weight:bold}.status-pass{color:#060}
            .origin{margin-right:1em}tr.waived{opacity:.6}.filters{margin:.5em 0}footer{margin-top:2em;color:#666;font-size:12px}
            details summary{cursor:pointer;color:#225}svg text{font-family:inherit;font-size:13px}
            @media print{.noprint{display:none}tr.finding{display:table-row!important}details{display:block}details>*{display:block}
            th{cursor:auto}body{margin:0;font-size:11px}section{page-break-inside:auto}}
            """;

    private static final String JS = """
            (function(){
            var rows=[].slice.call(document.querySelectorAll('#findings tbody tr'));
            var f={severity:'',principle:'',origin:'',text:''};
            function apply(){var n=0;rows.forEach(function(r){var ok=(!f.severity||r.dataset.severity===f.severity)
            &&(!f.principle||r.dataset.principle===f.principle)&&(!f.origin||r.dataset.origin===f.origin)
            &&(!f.text||r.textContent.toLowerCase().indexOf(f.text)>=0);r.style.display=ok?'':'none';if(ok)n++;});
            document.getElementById('shown').textContent=n+' shown';}
            [].forEach.call(document.querySelectorAll('[data-filter]'),function(el){el.addEventListener('input',function(){
            f[el.dataset.filter]=el.value.toLowerCase();apply();});});
            [].forEach.call(document.querySelectorAll('table.sortable th'),function(th,i){th.addEventListener('click',function(){
            var tb=th.closest('table').tBodies[0];var rs=[].slice.call(tb.rows);var asc=th.dataset.asc!=='1';th.dataset.asc=asc?'1':'0';
            rs.sort(function(a,b){var x=i===0&&a.dataset.rank?a.dataset.rank:a.cells[i].textContent;
            var y=i===0&&b.dataset.rank?b.dataset.rank:b.cells[i].textContent;return (asc?1:-1)*x.localeCompare(y,undefined,{numeric:true});});
            rs.forEach(function(r){tb.appendChild(r);});});});
            document.documentElement.dataset.ready='1';apply();
            })();
            """;
}
