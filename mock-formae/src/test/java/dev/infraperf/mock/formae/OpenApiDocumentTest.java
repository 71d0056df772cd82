package dev.infraperf.mock.formae;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /openapi.json} stays true: it documents exactly the served routes, and each answers a documented status. */
class OpenApiDocumentTest {

    @TempDir
    static Path dataDir;

    static RunningMockFormae formae;
    static AgentClient client;
    static JsonNode document;

    @BeforeAll
    static void start() {
        formae = MockFormaeLauncher.builder()
                .dataDir(dataDir)
                .rateLimit(0)
                .syncInterval(Duration.ZERO)
                .cloudArgs(List.of("--latency-scale", "0"))
                .start();
        client = new AgentClient(formae.uri(), "client-openapi");
        AgentClient.Response reply = client.get("/openapi.json");
        assertThat(reply.status()).isEqualTo(200);
        document = reply.body();
    }

    @AfterAll
    static void stop() {
        if (formae != null) {
            formae.close();
        }
    }

    @Test
    void the_document_is_openapi_3_and_documents_exactly_the_served_routes() {
        assertThat(document.get("openapi").asText()).startsWith("3.");
        Map<String, Set<String>> documented = new HashMap<>();
        document.get("paths").fields().forEachRemaining(path -> {
            Set<String> methods = new TreeSet<>();
            path.getValue().fieldNames().forEachRemaining(m -> methods.add(m.toUpperCase(Locale.ROOT)));
            documented.put(path.getKey(), methods);
        });
        Map<String, Set<String>> served = new HashMap<>();
        ApiServer.ROUTES.forEach((path, methods) -> served.put(path, new TreeSet<>(methods)));
        assertThat(documented).isEqualTo(served);
    }

    @Test
    void every_documented_operation_answers_one_of_its_documented_statuses_with_its_content_type() {
        String env = Fixtures.envId();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> operations =
                            path.getValue().fields();
                    operations.hasNext(); ) {
                Map.Entry<String, JsonNode> operation = operations.next();
                String method = operation.getKey().toUpperCase(Locale.ROOT);
                String route = path.getKey().replace("{id}", "2zz9RYdvdyB6KSmfB2ISYtcpHQl");
                AgentClient.Response reply;
                if (route.equals("/api/v1/commands")) {
                    reply = client.apply(Fixtures.forma(env, 2), "reconcile");
                } else {
                    reply = client.send(HttpRequest.newBuilder(formae.uri().resolve(route))
                            .header("Client-ID", "client-openapi")
                            .method(method, HttpRequest.BodyPublishers.noBody())
                            .build());
                }
                Set<String> statuses = new TreeSet<>();
                operation.getValue().get("responses").fieldNames().forEachRemaining(statuses::add);
                assertThat(statuses)
                        .as(
                                "documented statuses of %s %s (answered %s: %s)",
                                method, route, reply.status(), reply.raw())
                        .contains(Integer.toString(reply.status()));
                JsonNode documentedResponse =
                        operation.getValue().get("responses").get(Integer.toString(reply.status()));
                JsonNode schema = resolve(documentedResponse.at("/content/application~1json/schema"));
                for (JsonNode required : schema.path("required")) {
                    assertThat(reply.body().has(required.asText()))
                            .as(
                                    "%s %s answered %s without %s: %s",
                                    method, route, reply.status(), required, reply.raw())
                            .isTrue();
                }
            }
        }
    }

    @Test
    void a_missing_client_id_an_unknown_path_and_a_wrong_method_answer_documented_errors() {
        AgentClient.Response noClient =
                client.send(HttpRequest.newBuilder(formae.uri().resolve("/api/v1/stats"))
                        .GET()
                        .build());
        assertThat(noClient.status()).isEqualTo(400);
        assertThat(document.at("/paths/~1api~1v1~1stats/get/responses/400").isMissingNode())
                .isFalse();
        assertThat(client.get("/api/v2/nothing").status()).isEqualTo(404);
        assertThat(client.send(HttpRequest.newBuilder(formae.uri().resolve("/api/v1/stats"))
                                .header("Client-ID", "c")
                                .DELETE()
                                .build())
                        .status())
                .isEqualTo(405);
    }

    private static JsonNode resolve(JsonNode schema) {
        if (schema.has("$ref")) {
            return document.at(schema.get("$ref").asText().substring(1));
        }
        return schema;
    }
}
