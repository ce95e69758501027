package dev.medsec.attacksurface;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Strict reading of the rule tables shipped as YAML (kernel rules, interface map): a duplicated key, a field the
 * format does not know, a missing required field or a value of the wrong shape fails the load with the field's
 * name.
 *
 * <p>The tables are read into Jackson's tree and mapped by hand, not bound to records: data binding introspects
 * each target type (creators, annotations, properties) on every start, which cost more CPU than reading the
 * tables themselves and came on every scan of a Linux root filesystem.
 */
public final class StrictYaml {
    private static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION));

    private StrictYaml() {
    }

    /** The document's root, which must be a mapping. */
    public static Fields read(InputStream in, String what) throws IOException {
        JsonNode root = MAPPER.readTree(in);
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new IOException(what + ": empty document");
        }
        return Fields.of(root, what);
    }

    /** The fields of one mapping; {@code what} names it in error messages. */
    public static final class Fields {
        private final JsonNode node;
        private final String what;

        private Fields(JsonNode node, String what) {
            this.node = node;
            this.what = what;
        }

        public static Fields of(JsonNode node, String what) throws IOException {
            if (!node.isObject()) {
                throw new IOException(what + ": expected a mapping, found " + kind(node));
            }
            return new Fields(node, what);
        }

        /** Fails on any field outside {@code known} (a typo would otherwise silently drop a condition). */
        public Fields only(Set<String> known) throws IOException {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!known.contains(name)) {
                    throw new IOException(what + ": unknown field '" + name + "' (known: " + String.join(", ",
                            known.stream().sorted().toList()) + ")");
                }
            }
            return this;
        }

        public List<String> names() {
            List<String> out = new ArrayList<>();
            node.fieldNames().forEachRemaining(out::add);
            return out;
        }

        public String text(String name) throws IOException {
            return optionalText(name).orElseThrow(() -> new IOException(what + ": missing required field '" + name + "'"));
        }

        public Optional<String> optionalText(String name) throws IOException {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                return Optional.empty();
            }
            return Optional.of(scalar(v, name));
        }

        /** A sequence of scalars; an absent field is an empty list. */
        public List<String> texts(String name) throws IOException {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                return List.of();
            }
            if (!v.isArray()) {
                throw new IOException(what + ": field '" + name + "' must be a list, found " + kind(v));
            }
            List<String> out = new ArrayList<>(v.size());
            for (JsonNode e : v) {
                out.add(scalar(e, name));
            }
            return out;
        }

        /** A sequence that must be present (it may be empty). */
        public List<String> requiredTexts(String name) throws IOException {
            if (!node.has(name)) {
                throw new IOException(what + ": missing required field '" + name + "'");
            }
            return texts(name);
        }

        public JsonNode node(String name) throws IOException {
            JsonNode v = node.get(name);
            if (v == null) {
                throw new IOException(what + ": missing required field '" + name + "'");
            }
            return v;
        }

        private String scalar(JsonNode v, String name) throws IOException {
            if (v.isTextual()) {
                return v.textValue();
            }
            // YAML reads 5.10 as the number 5.1: versions and other dotted values must be quoted.
            if (v.isIntegralNumber() || v.isBoolean()) {
                return v.asText();
            }
            throw new IOException(what + ": field '" + name + "' must be text"
                    + (v.isNumber() ? " (write the value in quotes: YAML reads " + v.asText() + " as a number)" : ", found " + kind(v)));
        }

        private static String kind(JsonNode v) {
            return v.isObject() ? "a mapping" : v.isArray() ? "a list" : v.isNull() ? "nothing" : "'" + v.asText() + "'";
        }
    }
}
