package dev.medsec.vuln.vex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.medsec.core.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads VEX documents — OpenVEX ({@code @context} https://openvex.dev/ns/...) and CycloneDX VEX (a BOM whose
 * {@code vulnerabilities[]} carry {@code analysis}) — and answers which statement applies to a component and a
 * vulnerability. A statement applies when it names the vulnerability (or one of its aliases) and the component
 * by purl (version-less purls match every version) or by name.
 */
public final class VexDocuments {
    private static final long MAX_BYTES = 64L * 1024 * 1024;
    private final List<VexStatement> statements;

    private VexDocuments(List<VexStatement> statements) {
        this.statements = List.copyOf(statements);
    }

    public static VexDocuments empty() {
        return new VexDocuments(List.of());
    }

    public List<VexStatement> statements() {
        return statements;
    }

    public static VexDocuments read(Collection<Path> files) throws IOException {
        List<VexStatement> out = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (Path f : files) {
            if (Files.size(f) > MAX_BYTES) {
                throw new IOException(f.getFileName() + ": VEX document larger than 64 MiB");
            }
            JsonNode root = json.readTree(f.toFile());
            String name = f.getFileName().toString();
            if (root.path("@context").asText("").contains("openvex")) {
                readOpenVex(root, name, out);
            } else if ("CycloneDX".equals(root.path("bomFormat").asText(""))) {
                readCycloneDx(root, name, out);
            } else {
                throw new IOException(name + ": neither an OpenVEX nor a CycloneDX VEX document");
            }
        }
        return new VexDocuments(out);
    }

    private static void readOpenVex(JsonNode root, String source, List<VexStatement> out) {
        for (JsonNode s : root.path("statements")) {
            JsonNode v = s.path("vulnerability");
            String id = v.isTextual() ? v.asText() : v.path("name").asText(v.path("@id").asText(""));
            List<String> products = new ArrayList<>();
            for (JsonNode p : s.path("products")) {
                products.add(p.isTextual() ? p.asText() : p.path("@id").asText(""));
                for (JsonNode sub : p.path("subcomponents")) {
                    products.add(sub.isTextual() ? sub.asText() : sub.path("@id").asText(""));
                }
            }
            Optional<VexStatement.Status> st = status(s.path("status").asText(""));
            if (id.isEmpty() || st.isEmpty()) {
                continue;
            }
            out.add(new VexStatement(id, products, st.get(), text(s, "justification"), text(s, "impact_statement")
                    .or(() -> text(s, "status_notes")), source));
        }
    }

    private static void readCycloneDx(JsonNode root, String source, List<VexStatement> out) {
        for (JsonNode v : root.path("vulnerabilities")) {
            String id = v.path("id").asText("");
            JsonNode a = v.path("analysis");
            String state = a.path("state").asText("");
            Optional<VexStatement.Status> st;
            switch (state) {
                case "not_affected":
                case "false_positive":
                    st = Optional.of(VexStatement.Status.NOT_AFFECTED);
                    break;
                case "resolved":
                case "resolved_with_pedigree":
                    st = Optional.of(VexStatement.Status.FIXED);
                    break;
                case "exploitable":
                    st = Optional.of(VexStatement.Status.AFFECTED);
                    break;
                case "in_triage":
                    st = Optional.of(VexStatement.Status.UNDER_INVESTIGATION);
                    break;
                default:
                    st = Optional.empty();
            }
            if (id.isEmpty() || st.isEmpty()) {
                continue;
            }
            List<String> products = new ArrayList<>();
            for (JsonNode af : v.path("affects")) {
                products.add(af.path("ref").asText(""));
            }
            out.add(new VexStatement(id, products, st.get(), text(a, "justification"), text(a, "detail"), source));
        }
    }

    private static Optional<VexStatement.Status> status(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "not_affected":
                return Optional.of(VexStatement.Status.NOT_AFFECTED);
            case "affected":
                return Optional.of(VexStatement.Status.AFFECTED);
            case "fixed":
                return Optional.of(VexStatement.Status.FIXED);
            case "under_investigation":
                return Optional.of(VexStatement.Status.UNDER_INVESTIGATION);
            default:
                return Optional.empty();
        }
    }

    private static Optional<String> text(JsonNode n, String field) {
        String v = n.path(field).asText("");
        return v.isBlank() ? Optional.empty() : Optional.of(v);
    }

    /** The last statement (later documents win) about one of {@code vulnIds} and this component. */
    public Optional<VexStatement> find(Collection<String> vulnIds, Component c) {
        VexStatement found = null;
        for (VexStatement s : statements) {
            if (vulnIds.contains(s.vulnerability()) && s.products().stream().anyMatch(p -> names(p, c))) {
                found = s;
            }
        }
        return Optional.ofNullable(found);
    }

    private static boolean names(String product, Component c) {
        if (product.isEmpty()) {
            return false;
        }
        if (product.startsWith("pkg:") && c.purl().isPresent()) {
            try {
                PackageURL want = new PackageURL(product);
                PackageURL have = new PackageURL(c.purl().get());
                return want.getType().equals(have.getType())
                        && java.util.Objects.equals(want.getNamespace(), have.getNamespace())
                        && want.getName().equals(have.getName())
                        && (want.getVersion() == null || want.getVersion().equals(have.getVersion()));
            } catch (MalformedPackageURLException e) {
                return false;
            }
        }
        return product.equals(c.name()) || product.equals(c.name() + "@" + c.version());
    }
}
