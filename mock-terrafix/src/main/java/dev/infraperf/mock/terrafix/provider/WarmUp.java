package dev.infraperf.mock.terrafix.provider;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Unmeasured failures of every repository size sent to a freshly started mock, then its statistics reset: the mock
 * runs in the test's JVM, and its JIT warm-up (Terraform parsing above all) is not what a phase should measure.
 */
final class WarmUp {

    private WarmUp() {}

    static void run(URI target) {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (String size : List.of("small", "medium", "large")) {
                StringBuilder batch = new StringBuilder("[");
                for (int i = 0; i < 10; i++) {
                    String id = "warm-up-" + UUID.randomUUID();
                    batch.append(i == 0 ? "" : ",")
                            .append("{\"test_id\":\"")
                            .append(id)
                            .append("\",\"resource_arn\":\"arn:aws:s3:::")
                            .append(id)
                            .append("\",\"resource_type\":\"AWS::S3::Bucket\",\"resource_details\":{\"repo_size\":\"")
                            .append(size)
                            .append("\"}}");
                }
                batch.append(']');
                sent.add(client.sendAsync(
                        HttpRequest.newBuilder(URI.create(target + "/batch"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(batch.toString()))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.discarding()));
            }
        }
        try {
            CompletableFuture.allOf(sent.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
            client.send(
                    HttpRequest.newBuilder(URI.create(target + "/stats/reset"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (ExecutionException | TimeoutException | IOException e) {
            throw new IllegalStateException("warming up mock-terrafix at " + target + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while warming up mock-terrafix at " + target, e);
        }
    }
}
