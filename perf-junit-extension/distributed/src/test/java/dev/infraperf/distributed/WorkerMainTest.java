package dev.infraperf.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The worker process as a Kubernetes Indexed Job starts it. */
class WorkerMainTest {

    @Test
    @DisplayName("a worker takes its index from JOB_COMPLETION_INDEX, as each pod of an Indexed Job has it")
    void indexFromTheIndexedJob() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        WorkerMain.class.getName(),
                        "--idle-timeout",
                        "30"))
                .redirectErrorStream(true);
        builder.environment().put("JOB_COMPLETION_INDEX", "2");
        Process worker = builder.start();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            String listening = null;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("infra-perf worker ")) {
                    listening = line;
                    break;
                }
            }
            assertThat(listening).matches("infra-perf worker 2 listening on http://127\\.0\\.0\\.1:\\d+");
        } finally {
            worker.destroyForcibly();
            worker.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("without JOB_COMPLETION_INDEX the index is 0; a number in it is the index")
    void indexFrom() {
        assertThat(WorkerMain.indexFrom(null)).isZero();
        assertThat(WorkerMain.indexFrom("")).isZero();
        assertThat(WorkerMain.indexFrom("7")).isEqualTo(7);
    }
}
