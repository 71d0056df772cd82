package dev.infraperf.mock.terrafix;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Carries {@link TerraFixApi} over Helidon SE 4's WebServer, which runs every request on its own virtual thread:
 * thousands of requests can wait out their simulated latency at once while the carrier threads stay free.
 */
final class HelidonTransport implements Transport {

    private final WebServer server;

    private HelidonTransport(WebServer server) {
        this.server = server;
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public void stop() {
        server.stop();
    }

    static HelidonTransport start(String host, int port, TerraFixApi api) {
        try {
            return new HelidonTransport(WebServer.builder()
                    .host(host)
                    .port(port)
                    .shutdownHook(false)
                    // Bursts of a thousand new connections must queue, not be dropped (the kernel caps it at
                    // somaxconn).
                    .backlog(4096)
                    // Our own 1 MiB check answers 413 as JSON; Helidon's own limit would answer in plain text.
                    .maxPayloadSize(-1)
                    // Requests Helidon refuses before routing (Content-Length: abc or -1, a bad request line) get
                    // our JSON error shape too, not an empty text answer.
                    .directHandlers(HelidonTransport::jsonDirectHandlers)
                    .routing(routing -> routing.any((request, response) -> serve(api, request, response)))
                    .build()
                    .start());
        } catch (UncheckedIOException | IllegalStateException e) {
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private static void jsonDirectHandlers(DirectHandlers.Builder handlers) {
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            handlers.addHandler(type, HelidonTransport::jsonError);
        }
    }

    private static DirectHandler.TransportResponse jsonError(
            DirectHandler.TransportRequest request,
            DirectHandler.EventType type,
            Status status,
            ServerResponseHeaders headers,
            String message) {
        headers.set(HeaderNames.CONTENT_TYPE, ApiResponse.JSON);
        headers.set(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        String reason = message == null || message.isBlank() ? status.reasonPhrase() : message;
        return DirectHandler.TransportResponse.builder()
                .status(status)
                .headers(headers)
                .entity(TerraFixApi.errorJson(status.reasonPhrase() + ": " + reason))
                .build();
    }

    private static void serve(TerraFixApi api, ServerRequest request, ServerResponse response) {
        String method = request.prologue().method().text();
        String path = request.path().rawPath();
        ApiResponse answer = api.handle(method, path, limit -> readAtMost(request, limit));
        response.status(Status.create(answer.status()));
        response.header(HeaderNames.CONTENT_TYPE, answer.contentType());
        response.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        for (Map.Entry<String, String> header : answer.headers().entrySet()) {
            response.header(HeaderNames.create(header.getKey()), header.getValue());
        }
        response.send(answer.body());
    }

    private static byte[] readAtMost(ServerRequest request, int limit) throws IOException {
        if (!request.content().hasEntity()) {
            return new byte[0];
        }
        long declared = request.headers().contentLength().orElse(-1);
        if (declared > limit) {
            return null;
        }
        try (InputStream in = request.content().inputStream()) {
            byte[] bytes = in.readNBytes(limit + 1);
            return bytes.length > limit ? null : bytes;
        }
    }
}
