package dev.infraperf.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.infraperf.reports.model.FailureKind;
import dev.infraperf.reports.model.FailureSample;
import dev.infraperf.reports.model.PhaseResult;
import dev.infraperf.reports.model.PhaseSpec;
import dev.infraperf.reports.model.RequestCounts;
import dev.infraperf.reports.model.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("SecretMask")
class SecretMaskTest {
    static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
    static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final String PASSWORD = "hunter2-Sup3r";
    static final String TOKEN = "ghp_0123456789abcdefghijABCDEFGHIJ012345";
    static final String BEARER = "eyJhbGciOiJIUzI1NiJ9.payload.sig";

    @Test
    void masks_aws_keys_passwords_tokens_and_url_credentials_in_text() {
        assertThat(SecretMask.mask("key " + ACCESS_KEY + " used")).isEqualTo("key **** used");
        assertThat(SecretMask.mask("aws_secret_access_key=" + SECRET_KEY)).isEqualTo("aws_secret_access_key=****");
        assertThat(SecretMask.mask("{\"password\": \"" + PASSWORD + "\"}")).isEqualTo("{\"password\": \"****\"}");
        assertThat(SecretMask.mask("Authorization: Bearer " + BEARER)).doesNotContain(BEARER);
        assertThat(SecretMask.mask("token " + TOKEN)).doesNotContain(TOKEN);
        assertThat(SecretMask.mask("redis://default:" + PASSWORD + "@127.0.0.1:6379"))
                .isEqualTo("redis://default:****@127.0.0.1:6379");
        assertThat(SecretMask.maskEntry("perf.aws.secretAccessKey", "anything")).isEqualTo("****");
    }

    @Test
    void leaves_ordinary_report_text_alone() {
        for (String text : List.of(
                "Redis: redis-server 7.0.15 started on 127.0.0.1:41234 (no REDIS_URL, no Docker)",
                "HTTP 503: Service Unavailable",
                "Expecting actual:\n  6100.0\nto be less than or equal to:\n  1000.0",
                "http://127.0.0.1:8081/webhook")) {
            assertThat(SecretMask.mask(text)).isEqualTo(text);
        }
    }

    @Test
    void no_secret_of_a_run_reaches_any_file_of_its_run_directory(@TempDir Path root) throws IOException {
        RequestCounts counts = new RequestCounts(2, 0, 2, 0, 0);
        PhaseResult phase = PhaseResult.builder(
                        "phase", PhaseSpec.closed(1, 1, Duration.ofSeconds(1), "token=" + TOKEN), RunFixtures.START)
                .elapsed(Duration.ofSeconds(1))
                .counts(counts)
                .failure(new FailureSample(
                        FailureKind.FAILED, "POST", "/webhook?api_key=" + PASSWORD, "401 for Bearer " + BEARER, 2))
                .build();
        RunResult run = RunResult.builder("secrets", "SecretScenario", RunFixtures.START)
                .config("perf.aws.accessKeyId", ACCESS_KEY)
                .config("perf.aws.secretAccessKey", SECRET_KEY)
                .config("perf.redis.url", "redis://user:" + PASSWORD + "@127.0.0.1:6379")
                .resolution("AWS API: real AWS with key " + ACCESS_KEY)
                .phase(phase)
                .notes("password=" + PASSWORD)
                .build();

        WrittenReport report = ReportWriter.into(root).write(run);

        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> !p.toString().endsWith(".png"))
                    .toList();
        }
        assertThat(files).contains(report.summaryJson(), report.summaryHtml(), root.resolve("history.jsonl"));
        for (Path file : files) {
            String text = Files.readString(file);
            assertThat(text)
                    .as(file.getFileName().toString())
                    .doesNotContain(ACCESS_KEY, SECRET_KEY, PASSWORD, TOKEN, BEARER);
        }
        assertThat(Files.readString(report.summaryJson())).contains("****");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(
            delimiter = '|',
            value = {
                "redis://user:s3c/ret@127.0.0.1:6379 | redis://user:****@127.0.0.1:6379",
                "redis://user:s3c@ret@127.0.0.1:6379/0 | redis://user:****@127.0.0.1:6379/0",
                "redis://user:s3c:ret@127.0.0.1:6379 | redis://user:****@127.0.0.1:6379",
                "https://s3c/ret@example.com/x | https://****@example.com/x",
                "bad url redis://u:s3c/ret@host:port? end | bad url redis://u:****@host:port? end",
                "http://127.0.0.1:8080/path | http://127.0.0.1:8080/path"
            })
    void masks_user_info_whatever_the_password_holds(String text, String masked) {
        assertThat(SecretMask.mask(text)).isEqualTo(masked);
    }
}
