package dev.infraperf.mock.formae;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.infraperf.mock.formae.cloud.CloudFaults;
import dev.infraperf.mock.formae.cloud.ResourceQuery;
import dev.infraperf.mock.formae.cloud.SimulatedCloudClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Formae's REST API v1 as the CLI uses it: shapes, status codes, Client-ID and queries. */
class ApiContractTest {

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
                .bugs(Set.of())
                .syncInterval(Duration.ZERO)
                .cloudArgs(List.of("--latency-scale", "0"))
                .start();
        client = new AgentClient(formae.uri(), "client-contract");
        cloud = new SimulatedCloudClient(formae.cloudUri());
        cloud.setQuota("L-F678F1CE", 100); // each test's forma holds a VPC; AWS's default quota is 5
    }

    @AfterEach
    void resetFaults() {
        cloud.resetFaults();
    }

    @AfterAll
    static void stop() {
        if (formae != null) {
            formae.close();
        }
    }

    @Test
    void a_request_without_client_id_is_rejected_with_an_error_and_data() {
        AgentClient.Response r = new AgentClient(formae.uri(), "x")
                .send(HttpRequest.newBuilder(formae.uri().resolve("/api/v1/commands/status"))
                        .GET()
                        .build());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().has("error")).isTrue();
        assertThat(r.body().has("data")).isTrue();
    }

    @Test
    void health_answers_200_with_null() {
        AgentClient.Response r = client.get("/api/v1/health");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.raw()).isEqualTo("null");
    }

    @Test
    void an_apply_is_accepted_with_202_and_its_status_has_formae_shape() {
        String env = Fixtures.envId();
        AgentClient.Response submitted = client.apply(Fixtures.forma(env, 8), "reconcile");
        assertThat(submitted.status()).isEqualTo(202);
        String id = submitted.body().path("CommandId").asText();
        assertThat(id).hasSize(27);
        assertThat(submitted.body().path("Description").path("Text").asText()).contains(env);

        JsonNode command = Fixtures.awaitFinal(client, id, Duration.ofSeconds(20));
        assertThat(command.path("State").asText()).isEqualTo("Success");
        assertThat(command.path("Command").asText()).isEqualTo("apply");
        assertThat(command.has("StartTs")).isTrue();
        assertThat(command.has("EndTs")).isTrue();
        assertThat(command.path("ResourceUpdates")).hasSize(8);
        JsonNode update = command.path("ResourceUpdates").get(0);
        for (String field : List.of(
                "ResourceId",
                "ResourceType",
                "ResourceLabel",
                "StackName",
                "Operation",
                "State",
                "Duration",
                "CurrentAttempt",
                "MaxAttempts")) {
            assertThat(update.has(field)).as("ResourceUpdates[0] has %s", field).isTrue();
        }
        assertThat(update.path("Operation").asText()).isEqualTo("create");
        JsonNode target = command.path("TargetUpdates").get(0);
        assertThat(target.path("TargetLabel").asText()).isEqualTo("perf-test-target");
        assertThat(target.path("State").asText()).isEqualTo("Success");

        // An empty query is the calling client's most recent command; another client has none.
        assertThat(client.status("", 10)
                        .body()
                        .path("Commands")
                        .get(0)
                        .path("CommandId")
                        .asText())
                .isEqualTo(id);
        assertThat(new AgentClient(formae.uri(), "nobody").status("", 10).status())
                .isEqualTo(404);
        assertThat(client.status("client:me status:success", 50)
                        .body()
                        .path("Commands")
                        .size())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void status_of_an_unknown_command_is_404_and_an_unknown_field_is_400() {
        assertThat(client.status("id:36rBrLi6jphCA9qdaM0C8avNv5j", 1).status()).isEqualTo(404);
        AgentClient.Response bad = client.status("state:inprogress", 1);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("error").asText()).isEqualTo("InvalidQueryError");
        assertThat(bad.raw()).contains("unknown field for StatusQuery: 'state'");
    }

    @Test
    void resources_are_returned_as_forma_json_by_stack_type_label_and_managed() {
        String env = Fixtures.envId();
        String id = client.apply(Fixtures.forma(env, 10), "reconcile")
                .body()
                .path("CommandId")
                .asText();
        Fixtures.awaitFinal(client, id, Duration.ofSeconds(20));

        AgentClient.Response all = client.resources("stack:" + Fixtures.stack(env) + " managed:true");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.body().path("Resources")).hasSize(10);
        JsonNode resource = all.body().path("Resources").get(0);
        for (String field : List.of("Label", "Type", "Stack", "Target", "Properties", "NativeID", "Managed", "Ksuid")) {
            assertThat(resource.has(field)).as("Resources[0] has %s", field).isTrue();
        }
        AgentClient.Response zones =
                client.resources("stack:" + Fixtures.stack(env) + " type:AWS::Route53::HostedZone");
        assertThat(zones.body().path("Resources")).hasSize(1);
        AgentClient.Response one = client.resources("label:" + env + "-zone-0");
        assertThat(one.body().path("Resources").get(0).path("Type").asText()).isEqualTo("AWS::Route53::HostedZone");
        AgentClient.Response none = client.resources("stack:" + Fixtures.stack(env) + " managed:false");
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.body().path("error").asText()).startsWith("Resources cannot be extracted");
        assertThat(client.resources("colour:blue").status()).isEqualTo(400);
    }

    @Test
    void reconcile_updates_changed_resources_and_deletes_what_the_forma_no_longer_names() {
        String env = Fixtures.envId();
        ObjectNode forma = Fixtures.forma(env, 10);
        String first = client.apply(forma, "reconcile").body().path("CommandId").asText();
        Fixtures.awaitFinal(client, first, Duration.ofSeconds(20));

        ArrayNode resources = (ArrayNode) forma.path("Resources");
        // Drop the last bucket; change the first VPC's DNS hostnames.
        int lastBucket = -1;
        for (int i = 0; i < resources.size(); i++) {
            if (resources.get(i).path("Type").asText().equals("AWS::S3::Bucket")) {
                lastBucket = i;
            }
        }
        resources.remove(lastBucket);
        ((ObjectNode) resources.get(0).path("Properties")).put("EnableDnsHostnames", false);
        String second =
                client.apply(forma, "reconcile").body().path("CommandId").asText();
        JsonNode command = Fixtures.awaitFinal(client, second, Duration.ofSeconds(20));
        assertThat(command.path("State").asText()).isEqualTo("Success");
        assertThat(command.path("ResourceUpdates").findValuesAsText("Operation"))
                .containsExactlyInAnyOrder("update", "delete");
        assertThat(Fixtures.managedCount(client, env)).isEqualTo(9);

        // Patch never deletes; an unchanged forma needs no update.
        String third = client.apply(Fixtures.forma(env, 10), "patch")
                .body()
                .path("CommandId")
                .asText();
        JsonNode patch = Fixtures.awaitFinal(client, third, Duration.ofSeconds(20));
        assertThat(patch.path("ResourceUpdates").findValuesAsText("Operation"))
                .containsExactlyInAnyOrder("create", "update");
    }

    @Test
    void a_simulation_reports_the_changes_and_stores_nothing() {
        String env = Fixtures.envId();
        AgentClient.Response r = client.submit(
                Map.of("command", "apply", "mode", "reconcile", "simulate", "true"), Fixtures.forma(env, 5));
        assertThat(r.status()).isEqualTo(202);
        assertThat(r.body().path("Simulation").path("ChangesRequired").asBoolean())
                .isTrue();
        assertThat(r.body().path("Simulation").path("Command").path("ResourceUpdates"))
                .hasSize(5);
        assertThat(client.status("id:" + r.body().path("CommandId").asText(), 1).status())
                .isEqualTo(404);
    }

    @Test
    void a_command_touching_resources_of_one_in_progress_is_rejected_with_409() {
        String env = Fixtures.envId();
        cloud.setFaults(CloudFaults.none().withLatency("AWS::S3::Bucket", "create", Duration.ofSeconds(2)));
        String id = client.apply(Fixtures.forma(env, 6), "reconcile")
                .body()
                .path("CommandId")
                .asText();
        AgentClient.Response conflict = client.apply(Fixtures.forma(env, 6), "reconcile");
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.body().path("error").asText()).isEqualTo("ConflictingCommands");
        assertThat(conflict.body()
                        .path("data")
                        .path("ConflictingCommands")
                        .get(0)
                        .asText())
                .isEqualTo(id);
        Fixtures.awaitFinal(client, id, Duration.ofSeconds(20));
    }

    @Test
    void cancel_answers_404_when_nothing_is_in_progress() {
        AgentClient.Response r = client.cancel("id:36rBrLi6jphCA9qdaM0C8avNv5j");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body().has("error")).isTrue();
    }

    @Test
    void a_malformed_submission_names_what_is_wrong() {
        AgentClient.Response noMode = client.submit(Map.of("command", "apply"), Fixtures.forma(Fixtures.envId(), 2));
        assertThat(noMode.status()).isEqualTo(400);
        assertThat(noMode.raw()).contains("reconcile or patch");
        ObjectNode dangling = Fixtures.forma(Fixtures.envId(), 6);
        ((ObjectNode) dangling.path("Resources").get(1).path("Properties"))
                .putObject("VpcId")
                .put("$res", true)
                .put("$label", "nope")
                .put("$type", "AWS::EC2::VPC")
                .put("$property", "VpcId");
        AgentClient.Response missing = client.apply(dangling, "reconcile");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.body().path("error").asText()).isEqualTo("ReferencedResourcesNotFound");
    }

    @Test
    void destroy_deletes_what_the_forma_names_and_stats_count_it() {
        String env = Fixtures.envId();
        ObjectNode forma = Fixtures.forma(env, 12);
        String apply = client.apply(forma, "reconcile").body().path("CommandId").asText();
        Fixtures.awaitFinal(client, apply, Duration.ofSeconds(20));
        JsonNode stats = client.get("/api/v1/stats").body();
        assertThat(stats.path("Resources").asInt()).isGreaterThanOrEqualTo(12);
        assertThat(stats.path("Commands").path("apply").asInt()).isGreaterThanOrEqualTo(1);

        String destroy = client.destroy(forma).body().path("CommandId").asText();
        JsonNode command = Fixtures.awaitFinal(client, destroy, Duration.ofSeconds(20));
        assertThat(command.path("State").asText()).isEqualTo("Success");
        assertThat(command.path("ResourceUpdates")).hasSize(12);
        assertThat(Fixtures.managedCount(client, env)).isZero();
        assertThat(cloud.resources(ResourceQuery.all().withTag("FormaeStackLabel", Fixtures.stack(env))))
                .isEmpty();
    }
}
