package dev.infraperf.distributed;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/** The coordinator's side of the worker protocol, one worker; every call bounded by {@code timeout}. */
final class WorkerClient {

    private final HttpClient http;
    private final URI base;
    private final Duration timeout;

    WorkerClient(HttpClient http, URI base, Duration timeout) {
        this.http = http;
        this.base = base;
        this.timeout = timeout;
    }

    /** The worker's clock minus this JVM's, in nanoseconds, from the round trip with the shortest time. */
    long skewNanos() throws IOException, InterruptedException {
        long best = Long.MAX_VALUE;
        long skew = 0;
        for (int i = 0; i < 5; i++) {
            long before = WorkerServer.epochNanos(Instant.now());
            String body = get("/clock").body();
            long after = WorkerServer.epochNanos(Instant.now());
            long worker = Long.parseLong(body.replaceAll("[^0-9-]", ""));
            if (after - before < best) {
                best = after - before;
                skew = worker - (before + (after - before) / 2);
            }
        }
        return skew;
    }

    void send(WorkerPlan plan) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(base.resolve("/phase"))
                        .timeout(timeout)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(Json.write(plan)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IOException("POST /phase answered HTTP " + response.statusCode() + ": " + response.body());
        }
    }

    WorkerStatus status(int from) throws IOException, InterruptedException {
        HttpResponse<String> response = get("/status?from=" + from);
        if (response.statusCode() != 200) {
            throw new IOException("GET /status answered HTTP " + response.statusCode());
        }
        return Json.read(response.body(), WorkerStatus.class);
    }

    WorkerReport report() throws IOException, InterruptedException {
        HttpResponse<String> response = get("/report");
        if (response.statusCode() != 200) {
            throw new IOException("GET /report answered HTTP " + response.statusCode() + ": " + response.body());
        }
        return Json.read(response.body(), WorkerReport.class);
    }

    void stop() {
        try {
            http.send(
                    HttpRequest.newBuilder(base.resolve("/stop"))
                            .timeout(Duration.ofSeconds(2))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // gone already: the backend kills what is left
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .timeout(timeout)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
