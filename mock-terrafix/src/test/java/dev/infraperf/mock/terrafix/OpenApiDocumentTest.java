package dev.infraperf.mock.terrafix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code /openapi.json} stays true: every documented operation exists and answers a documented status. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiDocumentTest {

    private RunningTerraFixMock mock;
    private MockClient client;
    private JsonNode document;

    @BeforeAll
    void start() {
        mock = TerraFixMock.builder().port(0).latency(Duration.ZERO).start();
        client = new MockClient(mock.uri());
        MockClient.Reply reply = client.get("/openapi.json");
        assertThat(reply.status()).isEqualTo(200);
        document = reply.json();
    }

    @AfterAll
    void stop() {
        mock.close();
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
        TerraFixApi.ROUTES.forEach((path, methods) -> served.put(path, new TreeSet<>(methods)));
        assertThat(documented).isEqualTo(served);
    }

    @Test
    void every_documented_operation_answers_one_of_its_documented_statuses() {
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> operations =
                            path.getValue().fields();
                    operations.hasNext(); ) {
                Map.Entry<String, JsonNode> operation = operations.next();
                String method = operation.getKey().toUpperCase(Locale.ROOT);
                JsonNode example = operation.getValue().at("/requestBody/content/application~1json/example");
                String body = "";
                if (!example.isMissingNode()) {
                    body = example.toString();
                } else if (operation.getValue().has("requestBody")) {
                    body = exampleFor(operation.getValue().at("/requestBody/content/application~1json/schema"));
                }
                MockClient.Reply reply = client.method(method, path.getKey(), body);
                Set<String> statuses = new TreeSet<>();
                operation.getValue().get("responses").fieldNames().forEachRemaining(statuses::add);
                assertThat(statuses)
                        .as(
                                "documented statuses of %s %s (answered %s: %s)",
                                method, path.getKey(), reply.status(), reply.body())
                        .contains(Integer.toString(reply.status()));
                assertThat(reply.status())
                        .as("%s %s with its example", method, path.getKey())
                        .isEqualTo(200);
                JsonNode content = operation.getValue().at("/responses/200/content");
                String contentType = content.fieldNames().next();
                assertThat(reply.raw().headers().firstValue("Content-Type").orElse(""))
                        .startsWith(contentType);
            }
        }
    }

    private String exampleFor(JsonNode schema) {
        JsonNode resolved = resolve(schema);
        if ("array".equals(resolved.path("type").asText())) {
            return "[" + resolve(resolved.get("items")).get("example") + "]";
        }
        return resolved.get("example").toString();
    }

    private JsonNode resolve(JsonNode schema) {
        if (schema.has("$ref")) {
            return document.at(schema.get("$ref").asText().substring(1));
        }
        return schema;
    }
}
