package dev.infraperf.mock.formae;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.infraperf.mock.formae.cloud.CloudFaults;
import dev.infraperf.mock.formae.cloud.CloudResource;
import dev.infraperf.mock.formae.cloud.ResourceQuery;
import dev.infraperf.mock.formae.cloud.SimulatedCloudClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;

/** Shared pieces of the agent tests: formas, waiting on commands, reading the log. */
final class Fixtures {
    private Fixtures() {}

    static String envId() {
        return "perf-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static ObjectNode forma(String envId, int count) {
        return SyntheticForma.generate(envId, count);
    }

    static String stack(String envId) {
        return "perf-test-" + envId;
    }

    static final Set<String> FINAL = Set.of("Success", "Failed", "Canceled");

    static JsonNode awaitCommand(AgentClient client, String id, Duration timeout, Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(timeout)
                .pollInterval(Duration.ofMillis(50))
                .alias("command " + id)
                .until(() -> {
                    AgentClient.Response r = client.status("id:" + id, 1);
                    if (r.status() != 200) {
                        return false;
                    }
                    last[0] = r.body().path("Commands").get(0);
                    return condition.test(last[0]);
                });
        return last[0];
    }

    static JsonNode awaitFinal(AgentClient client, String id, Duration timeout) {
        return awaitCommand(
                client, id, timeout, c -> FINAL.contains(c.path("State").asText()));
    }

    static long count(JsonNode command, String state) {
        long n = 0;
        for (JsonNode u : command.path("ResourceUpdates")) {
            if (u.path("State").asText().equals(state)) {
                n++;
            }
        }
        return n;
    }

    static List<String> logLines(Path logFile) {
        try {
            return Files.exists(logFile) ? Files.readAllLines(logFile) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every create and delete of these types takes {@code latency} on the cloud. */
    static void slow(SimulatedCloudClient cloud, Duration latency, String... types) {
        CloudFaults faults = CloudFaults.none();
        for (String type : types) {
            faults = faults.withLatency(type, "create", latency).withLatency(type, "delete", latency);
        }
        cloud.setFaults(faults);
    }

    static final String[] SYNTHETIC_TYPES = {
        "AWS::EC2::VPC",
        "AWS::EC2::Subnet",
        "AWS::EC2::SecurityGroup",
        "AWS::IAM::Role",
        "AWS::S3::Bucket",
        "AWS::Logs::LogGroup",
        "AWS::Route53::HostedZone",
        "AWS::Route53::RecordSet"
    };

    /** Native ids of the cloud's resources of a stack (tagged by the agent at create). */
    static Set<String> cloudIds(SimulatedCloudClient cloud, String envId) {
        Set<String> ids = new TreeSet<>();
        for (CloudResource r : cloud.resources(ResourceQuery.all().withTag("FormaeStackLabel", stack(envId)))) {
            ids.add(r.nativeId());
        }
        return ids;
    }

    /** Native ids in the agent's managed inventory for a stack. */
    static Set<String> inventoryIds(AgentClient client, String envId) {
        Set<String> ids = new TreeSet<>();
        AgentClient.Response r = client.resources("stack:" + stack(envId) + " managed:true");
        if (r.status() == 200) {
            for (JsonNode resource : r.body().path("Resources")) {
                ids.add(resource.path("NativeID").asText());
            }
        }
        return ids;
    }

    static int managedCount(AgentClient client, String envId) {
        AgentClient.Response r = client.resources("stack:" + stack(envId) + " managed:true");
        return r.status() == 404 ? 0 : r.body().path("Resources").size();
    }
}
