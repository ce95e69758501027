package dev.medsec.code.script;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;

/** Script splitting never fails (unbalanced quotes, endless continuations, here-documents without an end). */
class ShellLinesFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void parse(byte[] data) {
        ShellLines.parse(new String(data, StandardCharsets.UTF_8));
    }
}
