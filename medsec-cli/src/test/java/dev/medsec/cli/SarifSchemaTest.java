package dev.medsec.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SARIF medsec writes (the golden file of ReportGoldenTest: rules with help.markdown, regions, suppressions,
 * originalUriBaseIds, notifications) validated against the official OASIS SARIF 2.1.0 schema (vendored).
 */
class SarifSchemaTest {
    static Set<ValidationMessage> validate(JsonNode sarif) throws Exception {
        try (InputStream in = SarifSchemaTest.class.getResourceAsStream("/schemas/sarif-schema-2.1.0.json")) {
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
            return schema.validate(sarif);
        }
    }

    @Test
    void goldenSarif_validAgainstTheOfficialSchema_andTheValidatorRejectsABrokenOne() throws Exception {
        JsonNode sarif = new ObjectMapper().readTree(Path.of("src/test/resources/golden/report.sarif").toFile());
        assertThat(validate(sarif)).isEmpty();
        assertThat(sarif.path("runs").get(0).path("originalUriBaseIds").path("IMAGEROOT").path("uri").asText())
                .isEqualTo("file:///");
        com.fasterxml.jackson.databind.node.ObjectNode broken = sarif.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) broken.path("runs").get(0).path("results").get(0))
                .put("level", "catastrophic");
        broken.remove("version");
        assertThat(validate(broken)).hasSizeGreaterThanOrEqualTo(2);
    }
}
