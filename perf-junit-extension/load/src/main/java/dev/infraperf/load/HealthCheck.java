package dev.infraperf.load;

import dev.infraperf.config.ConfigurationException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One unmeasured request before the first phase: the target answers, and its first-request cost is not measured. */
final class HealthCheck {

    private HealthCheck() {}

    static void require(TargetEndpoint endpoint, String path) {
        if (path == null || path.isBlank()) {
            return;
        }
        ResolvedTarget target = endpoint.target();
        String base = target.uri().toString();
        URI uri = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                + (path.startsWith("/") ? path : "/" + path));
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .sslContext(endpoint.trust().context())
                .build();
        try {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new ConfigurationException(target.name() + " answered GET " + path + " with HTTP "
                        + response.statusCode() + " before the first phase; expected a 2xx (fix the target or the"
                        + " @LoadTarget health path)");
            }
        } catch (IOException e) {
            throw new ConfigurationException(
                    target.name() + " does not answer GET " + path + " at " + target.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking " + target.name(), e);
        } finally {
            client.close();
        }
    }
}
