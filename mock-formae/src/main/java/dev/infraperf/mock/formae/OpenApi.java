package dev.infraperf.mock.formae;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The OpenAPI document of the agent's REST API, served at {@code /openapi.json}. */
final class OpenApi {

    static final byte[] DOCUMENT = load();

    private OpenApi() {}

    private static byte[] load() {
        try (InputStream in = OpenApi.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the mock-formae jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read openapi.json", e);
        }
    }
}
