package dev.infraperf.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/**
 * The JDK's {@link HttpClient} (HTTP/1.1, pooled connections) behind the {@link Transport} interface; one shared
 * client per phase. Kept as the measured alternative to {@link SocketTransport} ({@code perf.load.client=jdk}).
 */
final class JdkTransport implements Transport {

    /** One client for all users of a phase; closed when the phase ends. */
    static final class Shared implements AutoCloseable {
        final HttpClient client;
        final String base;

        Shared(URI target, SSLContext tls, Duration connectTimeout) {
            this.client = HttpClient.newBuilder()
                    .sslContext(tls)
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(connectTimeout)
                    .executor(Executors.newVirtualThreadPerTaskExecutor())
                    .build();
            String s = target.toString();
            this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        }

        @Override
        public void close() {
            client.shutdownNow();
        }
    }

    private final Shared shared;

    JdkTransport(Shared shared) {
        this.shared = shared;
    }

    @Override
    public Answer exchange(String method, String path, List<String> headers, byte[] body, long timeoutNanos)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(shared.base + path))
                .timeout(Duration.ofNanos(Math.max(1_000_000, timeoutNanos)))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i + 1 < headers.size(); i += 2) {
            builder.header(headers.get(i), headers.get(i + 1));
        }
        HttpResponse<byte[]> response = shared.client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        Map<String, String> answerHeaders = new HashMap<>();
        response.headers()
                .map()
                .forEach((k, v) -> answerHeaders.put(k.toLowerCase(Locale.ROOT), v.isEmpty() ? "" : v.get(0)));
        return new Answer(response.statusCode(), answerHeaders, response.body());
    }

    @Override
    public void close() {
        // the shared client is closed by the phase
    }
}
