package dev.infraperf.mock.terrafix;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bodies are UTF-8 JSON, as the original's {@code json.loads(body.decode("utf-8"))} reads them: bytes that Jackson
 * would guess to be UTF-32 or UTF-16, bytes that are not UTF-8 and a UTF-8 byte-order mark are all 400 invalid JSON.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BodyEncodingTest {

    private RunningTerraFixMock mock;

    @BeforeAll
    void start() {
        mock = TerraFixMock.builder().port(0).latency(Duration.ZERO).start();
    }

    @AfterAll
    void stop() {
        mock.close();
    }

    /** The probe: {@code printf '\0\0\0{\0\021\0\0' | curl --data-binary @- :P/webhook} answered 500. */
    @ParameterizedTest(name = "POST {0} with UTF-32-looking bytes answers 400 invalid JSON")
    @ValueSource(strings = {"/webhook", "/batch", "/configure"})
    void utf32_looking_bytes_are_invalid_json_not_a_server_error(String path) throws Exception {
        byte[] probe = {0, 0, 0, '{', 0, 021, 0, 0};
        RawHttp.Answer answer = RawHttp.post(mock.uri(), path, probe);
        assertThat(answer.status()).as("%s: %s", path, answer.text()).isEqualTo(400);
        assertThat(answer.header("Content-Type")).isEqualTo("application/json");
        assertThat(answer.json().get("error").asText()).startsWith("Invalid JSON: ");
    }

    @ParameterizedTest(name = "POST /webhook with {0} answers 400 invalid JSON")
    @ValueSource(strings = {"utf-16be", "utf-16le", "utf-32le", "utf-16 with BOM", "latin-1 e-acute"})
    void bodies_in_other_encodings_are_invalid_json(String encoding) throws Exception {
        String json = "{\"test_id\": \"caf\u00e9\", \"resource_arn\": \"arn:aws:s3:::b\"}";
        byte[] body;
        switch (encoding) {
            case "utf-16be":
                body = json.getBytes(StandardCharsets.UTF_16BE);
                break;
            case "utf-16le":
                body = json.getBytes(StandardCharsets.UTF_16LE);
                break;
            case "utf-32le":
                body = json.getBytes(java.nio.charset.Charset.forName("UTF-32LE"));
                break;
            case "utf-16 with BOM":
                body = json.getBytes(StandardCharsets.UTF_16);
                break;
            default:
                body = json.getBytes(StandardCharsets.ISO_8859_1);
        }
        RawHttp.Answer answer = RawHttp.post(mock.uri(), "/webhook", body);
        assertThat(answer.status()).as(answer.text()).isEqualTo(400);
        assertThat(answer.json().get("error").asText()).startsWith("Invalid JSON: ");
    }

    @Test
    void a_utf8_byte_order_mark_is_refused_with_the_originals_message() throws Exception {
        byte[] json = "{\"test_id\": \"t\", \"resource_arn\": \"arn:aws:s3:::b\"}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[json.length + 3];
        body[0] = (byte) 0xEF;
        body[1] = (byte) 0xBB;
        body[2] = (byte) 0xBF;
        System.arraycopy(json, 0, body, 3, json.length);
        for (String path : new String[] {"/webhook", "/batch", "/configure"}) {
            RawHttp.Answer answer = RawHttp.post(mock.uri(), path, body);
            assertThat(answer.status()).as(path).isEqualTo(400);
            assertThat(answer.json().get("error").asText())
                    .isEqualTo("Invalid JSON: Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)");
        }
    }

    @Test
    void plain_utf8_with_non_ascii_text_is_still_accepted() throws Exception {
        byte[] body = "{\"test_id\": \"caf\u00e9-\u6f22\", \"resource_arn\": \"arn:aws:s3:::b\"}"
                .getBytes(StandardCharsets.UTF_8);
        RawHttp.Answer answer = RawHttp.post(mock.uri(), "/webhook", body);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.json().get("failure_hash").asText())
                .isEqualTo(TerraFixApi.failureHash("caf\u00e9-\u6f22", "arn:aws:s3:::b"));
    }
}
