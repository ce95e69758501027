package dev.medsec.report.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.medsec.core.Finding;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * An accepted risk: findings it matches are kept in the report, marked {@code waived}, and no longer fail the
 * gate. A waiver names either one finding ({@code id}) or a check with an optional path glob, always carries a
 * justification, and may expire; an expired waiver matches nothing.
 */
public record Waiver(Optional<String> id, Optional<String> check, Optional<String> path, String justification,
                     Optional<LocalDate> expires) {

    @JsonCreator
    static Waiver fromYaml(@JsonProperty("id") String id, @JsonProperty("check") String check,
                           @JsonProperty("path") String path,
                           @JsonProperty(value = "justification", required = true) String justification,
                           @JsonProperty("expires") LocalDate expires) {
        return new Waiver(Optional.ofNullable(id), Optional.ofNullable(check), Optional.ofNullable(path),
                justification, Optional.ofNullable(expires));
    }

    public Waiver {
        Objects.requireNonNull(justification, "justification");
        if (justification.isBlank()) {
            throw new IllegalArgumentException("a waiver needs a justification");
        }
        if (id.isEmpty() && check.isEmpty()) {
            throw new IllegalArgumentException("a waiver names a finding id or a check");
        }
    }

    public boolean expiredOn(LocalDate day) {
        return expires.isPresent() && day.isAfter(expires.get());
    }

    public boolean matches(Finding f) {
        if (id.isPresent() && !id.get().equals(f.id())) {
            return false;
        }
        if (check.isPresent() && !check.get().equals(f.checkId())) {
            return false;
        }
        if (path.isPresent()) {
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + path.get());
            return m.matches(Path.of(f.path()));
        }
        return true;
    }

    /** How the waiver is named in the report. */
    public String describe() {
        return id.map(i -> "id " + i).orElse("check " + check.orElse("?") + path.map(p -> " at " + p).orElse(""));
    }
}
