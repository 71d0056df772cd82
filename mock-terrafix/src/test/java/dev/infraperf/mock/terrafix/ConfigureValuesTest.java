package dev.infraperf.mock.terrafix;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code /configure}: latency and jitter within [0, 10 minutes], null refused as the original's {@code float(None)} is,
 * numeric strings read by Python's {@code float()} rules. A refused value leaves the settings as they were.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfigureValuesTest {

    private RunningTerraFixMock mock;
    private MockClient client;

    @BeforeAll
    void start() {
        mock = TerraFixMock.builder().port(0).latency(Duration.ZERO).start();
        client = new MockClient(mock.uri());
    }

    @AfterAll
    void stop() {
        mock.close();
    }

    @BeforeEach
    void defaults() {
        assertThat(client.post("/configure", Map.of("latency_ms", 0, "jitter_ms", 0, "failure_rate", 0))
                        .status())
                .isEqualTo(200);
    }

    /** The probe: these answered 200, after which webhooks never answered and their claims stayed. */
    @ParameterizedTest(name = "{0} answers 400 naming the accepted range")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"latency_ms\": 1e300}|latency_ms|1.0E300",
                "{\"jitter_ms\": 1e308}|jitter_ms|1.0E308",
                "{\"latency_ms\": 600001}|latency_ms|600001",
                "{\"latency_ms\": \"1e300\"}|latency_ms|\"1e300\"",
                "{\"jitter_ms\": -0.5}|jitter_ms|-0.5"
            })
    void absurd_latency_or_jitter_is_refused_with_the_accepted_range(String body, String key, String found) {
        MockClient.Reply reply = client.post("/configure", body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().get("error").asText())
                .isEqualTo(key + " must be within [0, 600000] (ms, at most 10 minutes), found " + found);
        assertThat(reply.json().get("field").asText()).isEqualTo(key);
        assertSettingsUnchanged();
    }

    @Test
    void the_bounds_themselves_are_accepted_and_webhooks_still_answer() {
        assertThat(client.post("/configure", Map.of("latency_ms", 600000, "jitter_ms", 600000))
                        .status())
                .isEqualTo(200);
        assertThat(client.post("/configure", Map.of("latency_ms", 0, "jitter_ms", 0))
                        .status())
                .isEqualTo(200);
        assertThat(client.post("/webhook", new LocustPayloads(3).failure("small"))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void null_latency_is_refused_as_the_original_refuses_float_of_none() {
        MockClient.Reply reply = client.post("/configure", "{\"latency_ms\": null}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("error").asText())
                .isEqualTo("latency_ms must be a number (or a numeric string such as \"200\"), found null");
        assertSettingsUnchanged();
    }

    /** The probe: "10d" was accepted (Java's parseDouble) and "1_0" refused; Python's float() is the reverse. */
    @ParameterizedTest(name = "latency_ms {0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "\"10d\"|400",
                "\"1f\"|400",
                "\"0x10\"|400",
                "\"1__0\"|400",
                "\"_10\"|400",
                "\"\"|400",
                "\"1_0\"|10",
                "\" 25 \"|25",
                "\"+7.5\"|7.5",
                "\"5.\"|5",
                "\".5\"|0.5",
                "\"1e2\"|100",
                "\"1_0e0_1\"|100"
            })
    void numeric_strings_follow_python_float_rules(String value, String expected) {
        MockClient.Reply reply = client.post("/configure", "{\"latency_ms\": " + value + "}");
        if (expected.equals("400")) {
            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.json().get("error").asText()).startsWith("latency_ms must be a number");
            assertSettingsUnchanged();
        } else {
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.json().get("latency_ms").asDouble()).isEqualTo(Double.parseDouble(expected));
        }
    }

    @Test
    void python_float_reads_what_python_reads_and_nothing_else() {
        assertThat(PythonFloat.parse("1_000.5")).hasValue(1000.5);
        assertThat(PythonFloat.parse("\u00a0\t3\n")).hasValue(3.0);
        assertThat(PythonFloat.parse("\u0663")).as("Arabic-Indic three").hasValue(3.0);
        assertThat(PythonFloat.parse("-Infinity")).hasValue(Double.NEGATIVE_INFINITY);
        assertThat(PythonFloat.parse("iNf")).hasValue(Double.POSITIVE_INFINITY);
        assertThat(PythonFloat.parse("nan").getAsDouble()).isNaN();
        assertThat(PythonFloat.parse("1e")).isEmpty();
        assertThat(PythonFloat.parse(".")).isEmpty();
        assertThat(PythonFloat.parse("1_")).isEmpty();
        assertThat(PythonFloat.parse("0x1p3")).isEmpty();
        assertThat(PythonFloat.parse("1.5D")).isEmpty();
        assertThat(PythonFloat.parse("++1")).isEmpty();
    }

    @Test
    void infinite_or_nan_strings_python_would_read_are_still_refused_as_out_of_range_or_not_numbers() {
        assertThat(client.post("/configure", "{\"latency_ms\": \"inf\"}").status())
                .isEqualTo(400);
        assertThat(client.post("/configure", "{\"latency_ms\": \"nan\"}").status())
                .isEqualTo(400);
        assertSettingsUnchanged();
    }

    private void assertSettingsUnchanged() {
        var config = client.get("/status").json().get("config");
        assertThat(config.get("latency_ms").asDouble()).isZero();
        assertThat(config.get("jitter_ms").asDouble()).isZero();
    }
}
