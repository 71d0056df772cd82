package dev.infraperf.mock.formae;

import com.fasterxml.jackson.databind.JsonNode;
import dev.infraperf.mock.formae.cloud.SimulatedCloudClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * The figures of {@code bench/mock-formae.sh}: {@code store_10000_ms} (submit of a 10,000-resource
 * apply until its 202, which includes parsing, planning and storing), {@code apply_2000_s} (a
 * 2,000-resource apply from submit to Success, rate limit off, cloud latency 0) and
 * {@code status_2000_ms} (median of 10 status queries of that command).
 *
 * <p>Arguments: {@code --data-dir DIR [--forma-10000 FILE] [--forma-2000 FILE]}; without the files a
 * synthetic Forma JSON of the right size is used.
 */
public final class MockFormaeBench {

    private MockFormaeBench() {}

    /** Runs the benchmark and prints one line of figures. */
    public static void main(String[] args) throws Exception {
        Path dataDir = null;
        Path forma10000 = null;
        Path forma2000 = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--data-dir" -> dataDir = Path.of(args[i + 1]);
                case "--forma-10000" -> forma10000 = Path.of(args[i + 1]);
                case "--forma-2000" -> forma2000 = Path.of(args[i + 1]);
                default ->
                    throw new IllegalArgumentException(
                            "unknown option [" + args[i] + "]; use --data-dir, --forma-10000, --forma-2000");
            }
        }
        if (dataDir == null) {
            throw new IllegalArgumentException("--data-dir is required");
        }
        byte[] big = forma10000 != null
                ? Files.readAllBytes(forma10000)
                : Forma.JSON.writeValueAsBytes(SyntheticForma.generate("perf-b10k" + suffix(), 10_000));
        byte[] medium = forma2000 != null
                ? Files.readAllBytes(forma2000)
                : Forma.JSON.writeValueAsBytes(SyntheticForma.generate("perf-b2k" + suffix(), 2_000));
        try (RunningMockFormae formae = MockFormaeLauncher.builder()
                .dataDir(dataDir)
                .rateLimit(0)
                .maxConcurrency(64)
                .syncInterval(Duration.ZERO)
                .cloudArgs(List.of("--latency-scale", "0"))
                .jvmArgs(List.of("-XX:+UseSerialGC", "-Xmx1g"))
                .start()) {
            Client client = new Client(formae.uri());
            // The 10,000 and 2,000 formas together hold more VPCs and gateways than AWS's default quotas.
            SimulatedCloudClient cloud = new SimulatedCloudClient(formae.cloudUri());
            for (String quota : List.of("L-F678F1CE", "L-A4707A72", "L-FE5A380F")) {
                cloud.setQuota(quota, 1_000);
            }
            // Warm-up: a small apply and a few status queries, so the figures are not the JIT's first steps.
            String warm =
                    client.apply(Forma.JSON.writeValueAsBytes(SyntheticForma.generate("perf-warm" + suffix(), 50)));
            client.awaitFinal(warm, Duration.ofMinutes(2));

            // The first 10,000-resource submit of a fresh agent also pays for JIT-compiling the large-input
            // paths (multipart, JSON, planning); a long-running agent pays that once. Both are printed:
            // store_10000_first_ms is the first submit, store_10000_ms the third.
            long firstStoreMillis = 0;
            long storeMillis = 0;
            String storeDbMillis = "?";
            for (int attempt = 1; attempt <= 3; attempt++) {
                long t0 = System.nanoTime();
                String bigId = client.apply(big);
                storeMillis = (System.nanoTime() - t0) / 1_000_000;
                if (attempt == 1) {
                    firstStoreMillis = storeMillis;
                }
                storeDbMillis = Files.readAllLines(formae.logFile()).stream()
                        .filter(line -> line.contains("stored forma command " + bigId + " in "))
                        .map(line -> line.replaceAll(".* in (\\d+) ms \\((\\d+) resource updates.*", "$1/$2"))
                        .findFirst()
                        .orElse("?");
                client.cancel(bigId);
                client.awaitFinal(bigId, Duration.ofMinutes(5));
            }

            long t1 = System.nanoTime();
            String mediumId = client.apply(medium);
            JsonNode done = client.awaitFinal(mediumId, Duration.ofMinutes(10));
            double applySeconds = (System.nanoTime() - t1) / 1e9;
            int updates = done.path("ResourceUpdates").size();
            long failed = 0;
            for (JsonNode u : done.path("ResourceUpdates")) {
                if (!u.path("State").asText().equals("Success")) {
                    failed++;
                }
            }

            long[] samples = new long[10];
            for (int i = 0; i < samples.length; i++) {
                long s = System.nanoTime();
                client.status("id:" + mediumId);
                samples[i] = System.nanoTime() - s;
            }
            Arrays.sort(samples);
            double statusMillis = samples[samples.length / 2] / 1e6;
            System.out.printf(
                    Locale.ROOT,
                    "store_10000_ms=%d apply_2000_s=%.1f status_2000_ms=%.1f store_10000_first_ms=%d store_10000_db_ms_updates=%s"
                            + " apply_2000_state=%s apply_2000_updates=%d apply_2000_not_success=%d%n",
                    storeMillis,
                    applySeconds,
                    statusMillis,
                    firstStoreMillis,
                    storeDbMillis,
                    done.path("State").asText(),
                    updates,
                    failed);
        }
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 6);
    }

    /** Just enough of the REST API for the benchmark. */
    private static final class Client {
        private final URI base;
        private final HttpClient http = HttpClient.newHttpClient();

        Client(URI base) {
            this.base = base;
        }

        String apply(byte[] forma) throws IOException, InterruptedException {
            String boundary = "----bench" + UUID.randomUUID();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (String[] field : new String[][] {{"command", "apply"}, {"mode", "reconcile"}, {"simulate", "false"}}) {
                body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field[0]
                                + "\"\r\n\r\n" + field[1] + "\r\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\";"
                            + " filename=\"forma.json\"\r\nContent-Type: application/json\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(forma);
            body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(base.resolve("/api/v1/commands"))
                            .header("Client-ID", "bench")
                            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 202) {
                throw new IllegalStateException("apply answered " + r.statusCode() + ": " + r.body());
            }
            return Forma.JSON.readTree(r.body()).path("CommandId").asText();
        }

        void cancel(String id) throws IOException, InterruptedException {
            http.send(
                    HttpRequest.newBuilder(base.resolve("/api/v1/commands/cancel?query=id:" + id))
                            .header("Client-ID", "bench")
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        JsonNode status(String query) throws IOException, InterruptedException {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(base.resolve("/api/v1/commands/status?max_results=1&query="
                                    + URLEncoder.encode(query, StandardCharsets.UTF_8)))
                            .header("Client-ID", "bench")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("status answered " + r.statusCode() + ": " + r.body());
            }
            return Forma.JSON.readTree(r.body()).path("Commands").get(0);
        }

        JsonNode awaitFinal(String id, Duration timeout) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                JsonNode command = status("id:" + id);
                if (Set.of("Success", "Failed", "Canceled")
                        .contains(command.path("State").asText())) {
                    return command;
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("command " + id + " not final within " + timeout);
        }
    }
}
