package dev.medsec.code.csrc;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;

/** The C lexer and call extraction never fail, whatever the text (unterminated comments, raw strings...). */
class CSourceFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void parse(byte[] data) {
        CSource s = CSource.parse(new String(data, StandardCharsets.UTF_8));
        s.arrayDeclarations();
        s.calls().forEach(c -> {
            c.argVariable(0);
            c.argIsStringLiteral(1);
        });
        s.elementAssigned(CSource.ANY_FUNCTION, "iv");
    }
}
