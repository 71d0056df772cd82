package dev.infraperf.mock.terrafix;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of one failure that the mock uses, read from a webhook body and checked field by field. TerraFix's mock
 * mode accepted any JSON; the real pipeline needs {@code test_id} and {@code resource_arn} (its dedup identity), and
 * the fields the load-test users send have fixed JSON types, so a wrong type is a client bug worth a 400.
 */
record FailureRequest(String testId, String resourceArn, String resourceType, RepoSize repoSize) {

    /** A rejected failure: which field and why; {@code field} is null when the body as a whole is wrong. */
    static final class Invalid extends Exception {
        private final String field;

        Invalid(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }

        String field() {
            return field;
        }
    }

    private static final List<String> STRING_FIELDS = List.of(
            "test_name", "resource_type", "failure_reason", "severity", "framework", "failed_at", "resource_id");
    private static final List<String> OBJECT_FIELDS = List.of("current_state", "required_state", "resource_details");

    static FailureRequest from(JsonNode body) throws Invalid {
        if (body == null || !body.isObject()) {
            throw new Invalid(null, "body must be a JSON object (one failure), found " + JsonTypes.describe(body));
        }
        String testId = required(body, "test_id");
        String resourceArn = required(body, "resource_arn");
        for (String field : STRING_FIELDS) {
            JsonNode value = body.get(field);
            if (value != null && !value.isNull() && !value.isTextual()) {
                throw new Invalid(field, "field '" + field + "' must be a string, found " + JsonTypes.describe(value));
            }
        }
        for (String field : OBJECT_FIELDS) {
            JsonNode value = body.get(field);
            if (value != null && !value.isNull() && !value.isObject()) {
                throw new Invalid(
                        field, "field '" + field + "' must be a JSON object, found " + JsonTypes.describe(value));
            }
        }
        RepoSize repoSize = null;
        JsonNode details = body.get("resource_details");
        if (details != null && details.isObject()) {
            JsonNode name = details.get("name");
            if (name != null && !name.isNull() && !name.isTextual()) {
                throw new Invalid(
                        "resource_details.name",
                        "field 'resource_details.name' must be a string, found " + JsonTypes.describe(name));
            }
            JsonNode size = details.get("repo_size");
            if (size != null && !size.isNull()) {
                repoSize = size.isTextual() ? RepoSize.ofLabel(size.textValue()) : null;
                if (repoSize == null) {
                    throw new Invalid(
                            "resource_details.repo_size",
                            "field 'resource_details.repo_size' must be " + RepoSize.ACCEPTED + ", found "
                                    + JsonTypes.describe(size));
                }
            }
        }
        JsonNode type = body.get("resource_type");
        return new FailureRequest(
                testId, resourceArn, type == null || type.isNull() ? null : type.textValue(), repoSize);
    }

    private static String required(JsonNode body, String field) throws Invalid {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw new Invalid(field, "field '" + field + "' is required (a non-empty string) but is missing");
        }
        if (!value.isTextual()) {
            throw new Invalid(field, "field '" + field + "' must be a string, found " + JsonTypes.describe(value));
        }
        if (value.textValue().isBlank()) {
            throw new Invalid(field, "field '" + field + "' must be a non-empty string, found \"\"");
        }
        return value.textValue();
    }

    static Map<String, Object> errorBody(Invalid invalid) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", invalid.getMessage());
        if (invalid.field() != null) {
            body.put("field", invalid.field());
        }
        return body;
    }
}
