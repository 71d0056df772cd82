package dev.infraperf.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PerfConfigTest {

    private static final Map<String, String> NONE = Map.of();

    @Nested
    class Precedence {

        @Test
        void a_system_property_wins_over_environment_and_junit_configuration() {
            PerfConfig config = PerfConfig.of(
                    Map.of("perf.timeScale", "0.5"),
                    Map.of("PERF_TIME_SCALE", "0.25"),
                    Map.of("perf.timeScale", "0.125"));

            assertThat(config.timeScale()).isEqualTo(0.5);
            assertThat(config.lookup("perf.timeScale"))
                    .hasValue(new ConfigValue("perf.timeScale", "0.5", ConfigSource.SYSTEM_PROPERTY, "perf.timeScale"));
        }

        @Test
        void the_environment_wins_over_junit_configuration() {
            PerfConfig config =
                    PerfConfig.of(NONE, Map.of("PERF_TIME_SCALE", "0.25"), Map.of("perf.timeScale", "0.125"));

            assertThat(config.timeScale()).isEqualTo(0.25);
            assertThat(config.lookup("perf.timeScale").orElseThrow().source()).isEqualTo(ConfigSource.ENVIRONMENT);
        }

        @Test
        void junit_configuration_applies_when_nothing_else_sets_the_key() {
            PerfConfig config = PerfConfig.of(NONE, NONE, Map.of("perf.timeScale", "0.125"));

            assertThat(config.timeScale()).isEqualTo(0.125);
            assertThat(config.lookup("perf.timeScale").orElseThrow().source())
                    .isEqualTo(ConfigSource.JUNIT_CONFIGURATION);
        }

        @Test
        void the_default_applies_when_no_source_sets_the_key() {
            PerfConfig config = PerfConfig.of(NONE, NONE, NONE);

            assertThat(config.timeScale()).isEqualTo(1.0);
            assertThat(config.resourceScale()).isEqualTo(1.0);
            assertThat(config.get("perf.results.dir", "target/perf-results")).isEqualTo("target/perf-results");
            assertThat(config.lookup("perf.timeScale")).isEmpty();
        }

        @Test
        void a_blank_value_counts_as_unset_so_the_next_source_applies() {
            PerfConfig config = PerfConfig.of(
                    Map.of("perf.timeScale", " "), Map.of("PERF_TIME_SCALE", ""), Map.of("perf.timeScale", "0.5"));

            assertThat(config.timeScale()).isEqualTo(0.5);
        }

        @Test
        void the_ecosystem_alias_is_read_after_the_perf_variable() {
            PerfConfig aliasOnly = PerfConfig.of(NONE, Map.of("REDIS_URL", "redis://127.0.0.1:6390"), NONE);
            PerfConfig both = PerfConfig.of(
                    NONE,
                    Map.of("REDIS_URL", "redis://127.0.0.1:6390", "PERF_REDIS_URL", "redis://127.0.0.1:6391"),
                    NONE);

            assertThat(aliasOnly.lookup(PerfConfig.REDIS_URL).orElseThrow().origin())
                    .isEqualTo("REDIS_URL");
            assertThat(both.get(PerfConfig.REDIS_URL)).hasValue("redis://127.0.0.1:6391");
            assertThat(PerfConfig.of(NONE, Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:5000"), NONE)
                            .get(PerfConfig.AWS_ENDPOINT))
                    .hasValue("http://127.0.0.1:5000");
        }
    }

    @ParameterizedTest(name = "{0} is read from {1}")
    @CsvSource({
        "perf.timeScale, PERF_TIME_SCALE",
        "perf.resourceScale, PERF_RESOURCE_SCALE",
        "perf.redis.url, PERF_REDIS_URL",
        "perf.formae.binary, PERF_FORMAE_BINARY",
        "perf.history.file, PERF_HISTORY_FILE",
    })
    void environment_names_follow_the_key(String key, String variable) {
        assertThat(PerfConfig.environmentName(key)).isEqualTo(variable);
    }

    @Test
    void source_names_list_every_place_a_key_is_read_in_order() {
        assertThat(PerfConfig.sourceNames(PerfConfig.REDIS_URL))
                .containsExactly(
                        "-Dperf.redis.url",
                        "PERF_REDIS_URL",
                        "REDIS_URL",
                        "perf.redis.url in junit-platform.properties");
    }

    @Nested
    class Scales {

        @Test
        void time_scale_shortens_durations_but_never_below_one_millisecond() {
            PerfConfig config = PerfConfig.of(Map.of("perf.timeScale", "0.02"), NONE, NONE);

            assertThat(config.scale(Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(6));
            assertThat(config.scale(Duration.ofMillis(10))).isEqualTo(Duration.ofMillis(1));
        }

        @Test
        void resource_scale_shrinks_counts_but_never_below_one() {
            PerfConfig config = PerfConfig.of(Map.of("perf.resourceScale", "0.1"), NONE, NONE);

            assertThat(config.scaleCount(2000)).isEqualTo(200);
            assertThat(config.scaleCount(3)).isEqualTo(1);
        }

        @Test
        void a_scale_that_is_not_a_number_names_key_source_and_accepted_form() {
            PerfConfig config = PerfConfig.of(NONE, Map.of("PERF_TIME_SCALE", "fast"), NONE);

            assertThatThrownBy(config::timeScale)
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessage("perf.timeScale=fast (from environment variable PERF_TIME_SCALE) is not a number; "
                            + "use a decimal like 0.02");
        }

        @Test
        void a_scale_out_of_range_names_the_range() {
            PerfConfig config = PerfConfig.of(Map.of("perf.resourceScale", "0"), NONE, NONE);

            assertThatThrownBy(config::resourceScale)
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessage("perf.resourceScale=0 (from system property perf.resourceScale) is out of range; "
                            + "use a factor in (0, 100], e.g. 0.02 for a smoke run");
        }
    }

    @Nested
    class TypedValues {

        @Test
        void durations_use_the_one_grammar_and_errors_name_the_key_and_source() {
            PerfConfig config = PerfConfig.of(NONE, NONE, Map.of("perf.sync.interval", "5 minutes"));

            assertThat(PerfConfig.of(NONE, NONE, Map.of("perf.sync.interval", "PT5M"))
                            .getDuration("perf.sync.interval", Duration.ZERO))
                    .isEqualTo(Duration.ofMinutes(5));
            assertThatThrownBy(() -> config.getDuration("perf.sync.interval", Duration.ZERO))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessage("[5 minutes] is not a duration for perf.sync.interval=5 minutes "
                            + "(from JUnit configuration parameter perf.sync.interval); "
                            + "use <number>(ms|s|m|h) or ISO-8601 like PT5M");
        }

        @Test
        void booleans_accept_only_true_and_false() {
            PerfConfig config = PerfConfig.of(Map.of("perf.keep", "yes"), NONE, NONE);

            assertThat(PerfConfig.of(Map.of("perf.keep", "TRUE"), NONE, NONE).getBoolean("perf.keep", false))
                    .isTrue();
            assertThatThrownBy(() -> config.getBoolean("perf.keep", false))
                    .hasMessage("perf.keep=yes (from system property perf.keep) is not a boolean; use true or false");
        }

        @Test
        void whole_numbers_reject_decimals() {
            PerfConfig config = PerfConfig.of(NONE, Map.of("PERF_USERS", "2.5"), NONE);

            assertThatThrownBy(() -> config.getInt("perf.users", 1))
                    .hasMessage(
                            "perf.users=2.5 (from environment variable PERF_USERS) is not a whole number; use e.g. 42");
        }
    }

    @Test
    void effective_values_record_the_scales_and_mask_credentials() {
        PerfConfig config = PerfConfig.of(
                Map.of("perf.timeScale", "0.02"), Map.of("REDIS_URL", "redis://user:s3cret@127.0.0.1:6379"), NONE);

        assertThat(config.effectiveValues())
                .containsEntry("perf.timeScale", "0.02")
                .containsEntry("perf.resourceScale", "1.0")
                .containsEntry("perf.redis.url", "redis://user:****@127.0.0.1:6379");
        assertThat(config.effectiveValues().toString()).doesNotContain("s3cret");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {
                "redis://user:s3c/ret@127.0.0.1:6379",
                "redis://user:s3c@ret@127.0.0.1:6379/0",
                "redis://user:s3c:ret@127.0.0.1:6379",
                "redis://:s3c/ret@127.0.0.1:6379",
                "redis://s3c/ret@127.0.0.1:6379",
                "redis://user:s3c/ret@127.0.0.1:notaport"
            })
    void every_printed_configured_value_is_masked_whatever_the_password_holds(String url) {
        PerfConfig config = PerfConfig.of(Map.of("perf.redis.url", url), NONE, NONE);

        ConfigValue value = config.lookup("perf.redis.url").orElseThrow();
        assertThat(value.describe()).doesNotContain("s3c").contains("127.0.0.1");
        assertThat(config.effectiveValues().get("perf.redis.url")).doesNotContain("s3c");
    }
}
