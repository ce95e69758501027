package dev.medsec.cli.memcheck;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShellWordsTest {
    @Test
    void split_quotesAndEscapes_wordsWithoutExpansion() {
        assertThat(ShellWords.split("./t --name 'a b' \"c \\\"d\\\"\" e\\ f $HOME *"))
                .containsExactly("./t", "--name", "a b", "c \"d\"", "e f", "$HOME", "*");
    }

    @Test
    void split_emptyQuotes_emptyWord() {
        assertThat(ShellWords.split("prog ''")).containsExactly("prog", "");
    }

    @Test
    void split_blank_noWords() {
        assertThat(ShellWords.split("   ")).isEqualTo(List.of());
    }

    @Test
    void split_unbalancedQuote_refused() {
        assertThatThrownBy(() -> ShellWords.split("prog 'open")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShellWords.split("prog \\")).isInstanceOf(IllegalArgumentException.class);
    }
}
