package dev.infraperf.mock.terrafix;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Flags, their environment fallbacks, and one-line errors with exit code 2 for bad values. */
class TerraFixMockCommandTest {

    private static MockOptions parse(Map<String, String> env, String... args) {
        TerraFixMockCommand command = new TerraFixMockCommand(env);
        new CommandLine(command).parseArgs(args);
        return command.options();
    }

    @Test
    void defaults_match_the_compose_setup_on_loopback() {
        MockOptions options = parse(Map.of());
        assertThat(options.host()).isEqualTo("127.0.0.1");
        assertThat(options.port()).isEqualTo(8081);
        assertThat(options.latency()).isEqualTo(Duration.ofMillis(50));
        assertThat(options.jitter()).isEqualTo(Duration.ZERO);
        assertThat(options.failureRate()).isZero();
        assertThat(options.redisUrl()).isNull();
        assertThat(options.retention()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void environment_variables_of_the_original_and_of_compose_are_read_terrafix_names_first() {
        MockOptions options = parse(Map.of(
                "TERRAFIX_API_PORT", "9090",
                "TERRAFIX_MOCK_LATENCY_MS", "120",
                "MOCK_LATENCY_MS", "999",
                "MOCK_FAILURE_RATE", "0.25",
                "REDIS_URL", "redis://127.0.0.1:6390/2",
                "STATE_RETENTION_DAYS", "2"));
        assertThat(options.port()).isEqualTo(9090);
        assertThat(options.latency()).isEqualTo(Duration.ofMillis(120));
        assertThat(options.failureRate()).isEqualTo(0.25);
        assertThat(options.redisUrl()).isEqualTo("redis://127.0.0.1:6390/2");
        assertThat(options.retention()).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void flags_win_over_the_environment() {
        MockOptions options = parse(
                Map.of("TERRAFIX_API_PORT", "9090", "MOCK_LATENCY_MS", "999"),
                "--port",
                "0",
                "--host",
                "0.0.0.0",
                "--latency-ms",
                "5",
                "--jitter-ms",
                "2",
                "--failure-rate",
                "0.5",
                "--redis-url",
                "redis://h:1/0",
                "--retention-days",
                "1");
        assertThat(options.port()).isZero();
        assertThat(options.host()).isEqualTo("0.0.0.0");
        assertThat(options.latency()).isEqualTo(Duration.ofMillis(5));
        assertThat(options.jitter()).isEqualTo(Duration.ofMillis(2));
        assertThat(options.failureRate()).isEqualTo(0.5);
        assertThat(options.redisUrl()).isEqualTo("redis://h:1/0");
        assertThat(options.retention()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void bad_flags_and_environment_values_print_one_line_and_exit_2() {
        assertExit2(Map.of(), "mock-terrafix: Unknown options: '--latency', '5'", "--latency", "5");
        assertExit2(Map.of(), "mock-terrafix: Invalid value for option '--port'", "--port", "eighty");
        assertExit2(
                Map.of(),
                "mock-terrafix: --failure-rate [1.5] is outside [0, 1]; use e.g. 0.05",
                "--failure-rate",
                "1.5");
        assertExit2(Map.of(), "mock-terrafix: --latency-ms [-3] is outside [0, 600000]", "--latency-ms", "-3");
        assertExit2(Map.of(), "mock-terrafix: --latency-ms [1.0E300] is outside [0, 600000]", "--latency-ms", "1e300");
        assertExit2(Map.of(), "mock-terrafix: --port [70000] is out of range", "--port", "70000");
        assertExit2(Map.of(), "mock-terrafix: --retention-days [0] is below 1", "--retention-days", "0");
        assertExit2(
                Map.of("TERRAFIX_MOCK_LATENCY_MS", "slow"),
                "mock-terrafix: environment variable TERRAFIX_MOCK_LATENCY_MS=[slow] is not a number");
        assertExit2(Map.of(), "mock-terrafix: redisUrl [localhost:1] is not a Redis URL", "--redis-url", "localhost:1");
    }

    @Test
    void an_unreachable_redis_fails_start_with_exit_1_and_one_line() {
        StringWriter err = new StringWriter();
        int exit = TerraFixMockCommand.run(
                new String[] {"--port", "0", "--redis-url", "redis://127.0.0.1:1/0"},
                Map.of(),
                new PrintWriter(new StringWriter()),
                new PrintWriter(err, true));
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString().strip())
                .doesNotContain("\n")
                .startsWith("mock-terrafix: cannot connect to Redis at redis://127.0.0.1:1/0");
    }

    private static void assertExit2(Map<String, String> env, String expectedStart, String... args) {
        StringWriter err = new StringWriter();
        int exit = TerraFixMockCommand.run(args, env, new PrintWriter(new StringWriter()), new PrintWriter(err, true));
        assertThat(exit).as("exit code for %s", String.join(" ", args)).isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n").startsWith(expectedStart);
    }
}
