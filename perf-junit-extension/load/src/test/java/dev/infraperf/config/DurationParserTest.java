package dev.infraperf.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationParserTest {

    @ParameterizedTest(name = "[{0}] is {1} ms")
    @CsvSource({
        "250ms, 250",
        "30s, 30000",
        "1.5s, 1500",
        "5m, 300000",
        "1h, 3600000",
        "' 5m ', 300000",
        "5M, 300000",
        "0s, 0",
        "PT5M, 300000",
        "PT1H30M, 5400000",
        "pt0.25s, 250",
    })
    void accepts_the_short_grammar_and_iso_8601(String text, long millis) {
        assertThat(DurationParser.parse(text, "test")).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "[{0}] is refused")
    @ValueSource(strings = {"5 minutes", "5", "-5s", "5d", "PT-5M", "P", "ms", "1,5s", "", "  "})
    void refuses_anything_else_naming_value_subject_and_grammar(String text) {
        assertThatThrownBy(() -> DurationParser.parse(text, "@LoadPhase(name=\"high\").duration"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("[" + text + "] is not a duration for @LoadPhase(name=\"high\").duration; "
                        + "use <number>(ms|s|m|h) or ISO-8601 like PT5M");
    }

    @Test
    void the_message_for_five_minutes_in_words_reads_as_documented() {
        assertThatThrownBy(() -> DurationParser.parse("5 minutes", "perf.sync.interval"))
                .hasMessage("[5 minutes] is not a duration for perf.sync.interval; "
                        + "use <number>(ms|s|m|h) or ISO-8601 like PT5M");
    }

    @Test
    void null_is_refused_like_any_other_bad_value() {
        assertThatThrownBy(() -> DurationParser.parse(null, "x"))
                .hasMessage("[null] is not a duration for x; use <number>(ms|s|m|h) or ISO-8601 like PT5M");
    }

    @ParameterizedTest(name = "{0} formats as {1}")
    @CsvSource({"250, 250ms", "30000, 30s", "300000, 5m", "3600000, 1h", "1500, 1500ms", "0, 0s"})
    void formats_in_the_shortest_exact_form_that_parses_back(long millis, String text) {
        assertThat(DurationParser.format(Duration.ofMillis(millis))).isEqualTo(text);
        assertThat(DurationParser.parse(text, "round trip")).isEqualTo(Duration.ofMillis(millis));
    }
}
