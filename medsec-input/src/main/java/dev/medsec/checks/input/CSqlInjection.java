package dev.medsec.checks.input;

import dev.medsec.code.csrc.CCall;
import dev.medsec.code.csrc.CSourceFiles;
import dev.medsec.code.csrc.Token;
import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.Findings;
import dev.medsec.core.check.ImageCheck;
import dev.medsec.core.image.Image;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

@CheckInfo(id = "input.c-sql-injection", principle = Principle.UNTRUSTED_INPUT, severity = Severity.HIGH,
        cwe = {89},
        summary = "C code formats SQL with sprintf/snprintf/strcat/mprintf and runs it with sqlite3_exec, "
                + "mysql_query or PQexec",
        remediation = "Prepare the statement once with '?' placeholders (sqlite3_prepare_v2, mysql_stmt_prepare, "
                + "PQexecParams) and bind every value (sqlite3_bind_text...).")
public final class CSqlInjection implements ImageCheck {
    /** SQL-running functions and the index of their SQL text argument. */
    private static final Map<String, Integer> SINKS = Map.ofEntries(
            Map.entry("sqlite3_exec", 1), Map.entry("sqlite3_prepare", 1), Map.entry("sqlite3_prepare_v2", 1),
            Map.entry("sqlite3_prepare_v3", 1), Map.entry("sqlite3_prepare16_v2", 1), Map.entry("mysql_query", 1),
            Map.entry("mysql_real_query", 1), Map.entry("mysql_send_query", 1), Map.entry("PQexec", 1),
            Map.entry("PQsendQuery", 1), Map.entry("PQprepare", 2));
    /** Builders whose destination is argument 0 and format argument {@code fmt}. */
    private static final Map<String, Integer> FORMATTERS = Map.of("sprintf", 1, "snprintf", 2, "vsprintf", 1,
            "vsnprintf", 2, "asprintf", 1);
    private static final Set<String> APPENDERS = Set.of("strcat", "strncat", "strcpy", "strncpy", "strlcat", "strlcpy");
    private static final Set<String> ALLOCATING_FORMATTERS = Set.of("sqlite3_mprintf", "g_strdup_printf",
            "sqlite3_snprintf");

    @Override
    public void inspect(Image image, Findings out) throws IOException {
        CSourceFiles.forEach(image, out, true, file -> {
            List<CCall> calls = file.source().calls();
            for (CCall sink : calls) {
                Integer idx = SINKS.get(sink.name());
                if (idx == null) {
                    continue;
                }
                Optional<String> var = sink.argVariable(idx);
                if (var.isEmpty() || sink.argIsStringLiteral(idx)) {
                    continue;
                }
                builtBy(calls, sink.function(), var.get()).ifPresent(builder ->
                        out.at(file.path()).evidence("line", sink.line()).evidence("function", sink.function())
                                .evidence("sink", sink.name()).evidence("sqlVariable", var.get())
                                .evidence("builtBy", builder.name()).evidence("builtAtLine", builder.line())
                                .message(sink.name() + " in " + sink.function() + "() runs SQL in '" + var.get()
                                        + "' formatted by " + builder.name() + " (line " + builder.line() + ")")
                                .key(sink.function() + "#" + sink.name() + "#" + var.get()).report());
            }
        });
    }

    /** The call in the same function that builds {@code var} from a variable part, if any. */
    private static Optional<CCall> builtBy(List<CCall> calls, String function, String var) {
        for (CCall c : calls) {
            if (!c.function().equals(function)) {
                continue;
            }
            Integer fmt = FORMATTERS.get(c.name());
            if (fmt != null && c.argVariable(0).map(var::equals).orElse(false) && hasConversion(c, fmt)) {
                return Optional.of(c);
            }
            if (APPENDERS.contains(c.name()) && c.argVariable(0).map(var::equals).orElse(false)
                    && !c.argIsStringLiteral(1)) {
                return Optional.of(c);
            }
            if (ALLOCATING_FORMATTERS.contains(c.name()) && c.assignedTo().equals(var)
                    && formatHasUnquotedString(c)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    private static boolean hasConversion(CCall c, int fmtIndex) {
        for (Token t : c.arg(fmtIndex)) {
            if (t.kind() == Token.Kind.STRING && t.text().replace("%%", "").contains("%")) {
                return true;
            }
        }
        // A non-literal format is as dynamic as it gets.
        return c.arg(fmtIndex).stream().noneMatch(t -> t.kind() == Token.Kind.STRING);
    }

    /** sqlite3_mprintf's %q and %Q escape quotes; %s and %d do not protect an identifier or number position. */
    private static boolean formatHasUnquotedString(CCall c) {
        for (List<Token> a : c.args()) {
            for (Token t : a) {
                if (t.kind() == Token.Kind.STRING) {
                    String f = t.text().replace("%%", "");
                    return f.contains("%s") || f.contains("%d") || f.contains("%z");
                }
            }
        }
        return false;
    }
}
