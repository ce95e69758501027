package dev.medsec.cli;

import dev.medsec.core.check.Check;
import dev.medsec.core.check.CheckMetadata;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Rejects bad metadata in the registry: a check that breaks the rules cannot ship. */
class RegistryTest {
    @Test
    void allChecks_prepareLoadsTheirTablesWithoutError() {
        List<String> failed = new java.util.ArrayList<>();
        for (Check c : BuiltInChecks.all()) {
            try {
                c.prepare();
                c.prepare(); // twice is allowed
            } catch (RuntimeException e) {
                failed.add(c.getClass().getSimpleName() + ": " + e);
            }
        }
        assertThat(failed).isEmpty();
    }

    @Test
    void allChecks_metadataValid() {
        List<String> problems = BuiltInChecks.all().stream()
                .flatMap(c -> CheckMetadata.of(c).problems().stream()).toList();
        assertThat(problems).isEmpty();
    }

    @Test
    void allChecks_idsAndAltIdsUnique() {
        Set<String> seen = new HashSet<>();
        for (Check c : BuiltInChecks.all()) {
            CheckMetadata m = CheckMetadata.of(c);
            assertThat(seen.add(m.id())).as("duplicate id " + m.id()).isTrue();
            for (String alt : m.altIds()) {
                assertThat(seen.add(alt)).as("duplicate alternative id " + alt).isTrue();
            }
        }
    }

    @Test
    void allChecks_eachClassRegisteredOnce() {
        List<Class<?>> classes = BuiltInChecks.all().stream().<Class<?>>map(Object::getClass).toList();
        assertThat(classes).doesNotHaveDuplicates();
    }

    @Test
    void catalogers_namesUnique() {
        assertThat(BuiltInChecks.catalogers().stream().map(c -> c.name()).toList()).doesNotHaveDuplicates();
    }
}
