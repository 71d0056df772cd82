package dev.infraperf.mock.formae;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.infraperf.mock.formae.cloud.SimulatedCloudClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGKILL of the agent mid-apply and mid-destroy, then a restart: the command finishes where it was. */
class RestartTest {

    @TempDir
    static Path dataDir;

    static RunningMockFormae formae;
    static AgentClient client;
    static SimulatedCloudClient cloud;

    @BeforeAll
    static void start() {
        formae = MockFormaeLauncher.builder()
                .dataDir(dataDir)
                .rateLimit(0)
                .maxConcurrency(4)
                .syncInterval(Duration.ZERO)
                .cloudArgs(List.of("--latency-scale", "0"))
                .start();
        client = new AgentClient(formae.uri(), "client-restart");
        cloud = new SimulatedCloudClient(formae.cloudUri());
    }

    @AfterAll
    static void stop() {
        if (formae != null) {
            formae.close();
        }
    }

    @Test
    void a_command_killed_mid_apply_and_mid_destroy_finishes_after_restart_without_rerunning_finished_updates() {
        String env = Fixtures.envId();
        ObjectNode forma = Fixtures.forma(env, 30);
        Fixtures.slow(cloud, Duration.ofMillis(250), Fixtures.SYNTHETIC_TYPES);

        String apply = client.apply(forma, "reconcile").body().path("CommandId").asText();
        JsonNode beforeKill =
                Fixtures.awaitCommand(client, apply, Duration.ofSeconds(20), c -> Fixtures.count(c, "Success") >= 8);
        formae.kill();
        Map<String, String> nativeIdsBefore = successfulNativeIds(client, apply, beforeKill);
        formae.restart();

        JsonNode afterRestart = client.command(apply);
        assertThat(Fixtures.count(afterRestart, "Success"))
                .as("successes right after the restart")
                .isGreaterThanOrEqualTo(nativeIdsBefore.size());
        JsonNode done = Fixtures.awaitFinal(client, apply, Duration.ofSeconds(30));
        assertThat(done.path("State").asText()).isEqualTo("Success");
        assertThat(Fixtures.count(done, "Success")).isEqualTo(30);
        // Finished updates were not run again: same resources, and exactly one cloud resource per update.
        for (JsonNode u : done.path("ResourceUpdates")) {
            String before = nativeIdsBefore.get(u.path("ResourceId").asText());
            if (before != null) {
                assertThat(u.path("NativeId").asText()).isEqualTo(before);
            }
        }
        assertThat(Fixtures.cloudIds(cloud, env)).hasSize(30);
        assertThat(Fixtures.inventoryIds(client, env)).isEqualTo(Fixtures.cloudIds(cloud, env));

        String destroy = client.destroy(forma).body().path("CommandId").asText();
        Fixtures.awaitCommand(client, destroy, Duration.ofSeconds(20), c -> Fixtures.count(c, "Success") >= 6);
        formae.kill();
        formae.restart();
        JsonNode destroyed = Fixtures.awaitFinal(client, destroy, Duration.ofSeconds(30));
        assertThat(destroyed.path("State").asText()).isEqualTo("Success");
        assertThat(Fixtures.cloudIds(cloud, env)).isEmpty();
        assertThat(Fixtures.inventoryIds(client, env)).isEmpty();
        assertThat(Fixtures.logLines(formae.logFile()))
                .anyMatch(line -> line.contains("resuming apply command " + apply))
                .anyMatch(line -> line.contains("updates that were in flight before the restart"))
                .anyMatch(line -> line.contains("resuming destroy command " + destroy));
        cloud.resetFaults();
    }

    private static Map<String, String> successfulNativeIds(AgentClient client, String id, JsonNode seen) {
        Map<String, String> ids = new HashMap<>();
        for (JsonNode u : seen.path("ResourceUpdates")) {
            if (u.path("State").asText().equals("Success")) {
                ids.put(u.path("ResourceId").asText(), u.path("NativeId").asText());
            }
        }
        return ids;
    }
}
