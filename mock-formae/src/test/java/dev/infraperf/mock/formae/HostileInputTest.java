package dev.infraperf.mock.formae;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.infraperf.mock.formae.cloud.CloudResource;
import dev.infraperf.mock.formae.cloud.ResourceQuery;
import dev.infraperf.mock.formae.cloud.SimulatedCloudClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probes of issue 13 (items 5 to 9) against one agent: bad formas are refused naming the field,
 * updates keep the Formae tags, permanent cloud errors fail at once, slow and large requests are
 * bounded, and a stack query is not a LIKE pattern.
 */
class HostileInputTest {

    private static final long MAX_BODY = 256 * 1024;

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
                .syncInterval(Duration.ZERO)
                .readTimeout(Duration.ofSeconds(1))
                .maxBodySize(MAX_BODY)
                .cloudArgs(List.of("--latency-scale", "0"))
                .start();
        client = new AgentClient(formae.uri(), "client-hostile");
        cloud = new SimulatedCloudClient(formae.cloudUri());
        cloud.setQuota("L-F678F1CE", 100);
    }

    @AfterAll
    static void stop() {
        if (formae != null) {
            formae.close();
        }
    }

    private static String applied(ObjectNode forma) {
        AgentClient.Response r = client.apply(forma, "reconcile");
        assertThat(r.status()).as("apply answered %s", r.raw()).isEqualTo(202);
        String id = r.body().path("CommandId").asText();
        JsonNode done = Fixtures.awaitFinal(client, id, Duration.ofSeconds(30));
        assertThat(done.path("State").asText()).as("apply %s", done).isEqualTo("Success");
        return id;
    }

    private static void assertRefused(AgentClient.Response r, String... messageParts) {
        assertThat(r.status()).as("answer %s", r.raw()).isEqualTo(400);
        assertThat(r.body().path("error").asText()).isEqualTo("InvalidForma");
        assertThat(r.body().path("data").path("Message").asText()).contains(messageParts);
    }

    // ------------------------------------------------------------------------------------------ item 5

    @Test
    void a_reconcile_apply_whose_resources_are_not_an_array_is_refused_and_deletes_nothing() {
        String env = Fixtures.envId();
        String first = applied(Fixtures.forma(env, 8));
        int before = Fixtures.cloudIds(cloud, env).size();

        for (JsonNode bad : List.of(TextNode.valueOf("oops"), IntNode.valueOf(42), NullNode.getInstance())) {
            ObjectNode forma = Fixtures.forma(env, 8);
            forma.set("Resources", bad);

            assertRefused(client.apply(forma, "reconcile"), "Resources is ", "it must be an array");
        }

        // No command was stored after the first apply, and the stack is whole.
        assertThat(client.status("client:me", 1)
                        .body()
                        .path("Commands")
                        .get(0)
                        .path("CommandId")
                        .asText())
                .isEqualTo(first);
        assertThat(Fixtures.managedCount(client, env)).isEqualTo(8);
        assertThat(Fixtures.cloudIds(cloud, env)).hasSize(before);
    }

    @Test
    void properties_that_are_not_an_object_are_refused_naming_the_resource() {
        String env = Fixtures.envId();
        ObjectNode forma = Fixtures.forma(env, 4);
        ((ObjectNode) forma.withArray("Resources").get(2)).put("Properties", "oops");

        assertRefused(client.apply(forma, "reconcile"), "Resources[2].Properties is a string \"oops\"");

        ObjectNode label = Fixtures.forma(env, 4);
        ((ObjectNode) label.withArray("Resources").get(1)).put("Label", 7);
        assertRefused(client.apply(label, "reconcile"), "Resources[1].Label is a number 7; it must be a string");
    }

    // ------------------------------------------------------------------------------------------ item 6

    @Test
    void a_label_given_twice_for_the_same_type_and_stack_is_refused() {
        String env = Fixtures.envId();
        ObjectNode forma = Fixtures.forma(env, 4);
        ArrayNode resources = forma.withArray("Resources");
        ObjectNode copy = resources.get(1).deepCopy();
        ((ObjectNode) copy.path("Properties")).put("Changed", "last one would have won");
        resources.add(copy);

        assertRefused(
                client.apply(forma, "reconcile"),
                "Resources[4] duplicates Resources[1]",
                resources.get(1).path("Label").asText(),
                "a label may occur once per type and stack");
        assertThat(Fixtures.managedCount(client, env)).isZero();
    }

    // ------------------------------------------------------------------------------------------ item 7

    @Test
    void an_update_keeps_the_formae_tags_on_every_resource() {
        String env = Fixtures.envId();
        ObjectNode forma = Fixtures.forma(env, 40);
        applied(forma);
        assertThat(Fixtures.cloudIds(cloud, env)).hasSize(40);

        // One property changed everywhere, as the probe's 2000-resource re-apply did.
        for (JsonNode resource : forma.withArray("Resources")) {
            ((ObjectNode) resource.path("Properties")).put("Revision", "2");
        }
        String update = applied(forma);
        assertThat(Fixtures.count(client.command(update), "Success")).isEqualTo(40);

        List<CloudResource> tagged =
                cloud.resources(ResourceQuery.all().withTag("FormaeStackLabel", Fixtures.stack(env)));
        assertThat(tagged).hasSize(40);
        for (CloudResource r : tagged) {
            assertThat(r.properties()).containsEntry("Revision", "2");
            assertThat(r.tags()).containsEntry("FormaeResourceLabel", r.label());
        }
    }

    // ------------------------------------------------------------------------------------------ item 8

    @Test
    void a_permanent_cloud_refusal_fails_at_once_and_names_the_cause() {
        String env = Fixtures.envId();
        ObjectNode forma = Fixtures.forma(env, 2);
        ObjectNode foo = forma.withArray("Resources").addObject();
        foo.put("Label", env + "-foo").put("Type", "Foo").put("Stack", Fixtures.stack(env));
        foo.putObject("Properties").put("Name", "foo");

        String id = client.apply(forma, "reconcile").body().path("CommandId").asText();
        JsonNode done = Fixtures.awaitFinal(client, id, Duration.ofSeconds(30));

        assertThat(done.path("State").asText()).isEqualTo("Failed");
        JsonNode update = null;
        for (JsonNode u : done.path("ResourceUpdates")) {
            if (u.path("ResourceType").asText().equals("Foo")) {
                update = u;
            }
        }
        assertThat(update).isNotNull();
        assertThat(update.path("State").asText()).isEqualTo("Failed");
        assertThat(update.path("CurrentAttempt").asInt())
                .as("attempts of %s", update)
                .isEqualTo(1);
        assertThat(update.path("ErrorMessage").asText())
                .contains("HTTP 400", "InvalidRequest", "[Foo] is not a resource type");
        assertThat(Fixtures.count(done, "Success")).isEqualTo(2);
    }

    // ------------------------------------------------------------------------------------------ item 9

    @Test
    void a_body_above_the_cap_is_answered_413_before_it_is_read() throws IOException {
        try (Socket socket =
                new Socket(InetAddress.getLoopbackAddress(), formae.uri().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/commands HTTP/1.1\r\nHost: 127.0.0.1\r\nClient-ID: c\r\n"
                            + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 1073741824\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String answer = readSome(socket.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 413");
            assertThat(answer).contains("RequestTooLarge", "larger than the agent accepts (" + MAX_BODY + " bytes");
        }
        // a chunked body has no length to check first: it is read up to the cap
        byte[] big = new byte[(int) MAX_BODY + 10];
        java.util.Arrays.fill(big, (byte) 'x');
        AgentClient.Response chunked =
                client.send(java.net.http.HttpRequest.newBuilder(formae.uri().resolve("/api/v1/commands"))
                        .header("Client-ID", "c")
                        .header("Content-Type", "multipart/form-data; boundary=b")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                                () -> new java.io.ByteArrayInputStream(big)))
                        .build());
        assertThat(chunked.status()).isEqualTo(413);
    }

    @Test
    void connections_with_unfinished_headers_or_a_short_body_are_closed_after_the_read_timeout() throws IOException {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                Socket s = new Socket(
                        InetAddress.getLoopbackAddress(), formae.uri().getPort());
                s.getOutputStream()
                        .write("GET /api/v1/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nClient-ID: c\r\n"
                                .getBytes(StandardCharsets.ISO_8859_1));
                sockets.add(s);
            }
            Socket shortBody =
                    new Socket(InetAddress.getLoopbackAddress(), formae.uri().getPort());
            shortBody
                    .getOutputStream()
                    .write(("POST /api/v1/commands HTTP/1.1\r\nHost: 127.0.0.1\r\nClient-ID: c\r\n"
                                    + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 1000\r\n\r\n--b")
                            .getBytes(StandardCharsets.ISO_8859_1));
            sockets.add(shortBody);

            // The read timeout is 1 s (the JDK server checks once a second): each is closed well within 15 s.
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            for (Socket s : sockets) {
                s.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                assertThat(closedByServer(s))
                        .as("connection closed by the agent")
                        .isTrue();
            }
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
        // and the agent still answers
        assertThat(client.get("/api/v1/stats").status()).isEqualTo(200);
    }

    /** True when the server closed the connection (EOF or reset) before the socket's timeout. */
    private static boolean closedByServer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return true;
                }
            }
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // connection reset
        }
    }

    private static String readSome(InputStream in) throws IOException {
        byte[] buffer = new byte[4096];
        StringBuilder text = new StringBuilder();
        int n;
        while ((n = in.read(buffer)) > 0) {
            text.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            if (text.indexOf("\r\n\r\n") > 0 && text.indexOf("}") > 0) {
                break;
            }
        }
        return text.toString();
    }

    @Test
    void a_stack_query_matches_the_stack_whole_not_as_a_like_pattern() {
        String env = Fixtures.envId();
        String id = applied(Fixtures.forma(env, 3));
        String stack = Fixtures.stack(env);

        assertThat(client.status("stack:" + stack, 10)
                        .body()
                        .path("Commands")
                        .get(0)
                        .path("CommandId")
                        .asText())
                .isEqualTo(id);
        for (String pattern : Set.of("%", "perf-test-%", stack.substring(0, stack.length() - 1) + "_")) {
            AgentClient.Response r = client.status("stack:" + pattern, 10);
            assertThat(r.status()).as("stack:%s answered %s", pattern, r.raw()).isEqualTo(404);
        }
    }
}
