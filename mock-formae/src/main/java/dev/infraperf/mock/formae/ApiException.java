package dev.infraperf.mock.formae;

import com.fasterxml.jackson.databind.JsonNode;

/** An API error, answered as {@code {"error": <name>, "data": ...}} with its HTTP status. */
final class ApiException extends RuntimeException {
    final int status;
    final String error;
    final JsonNode data;

    ApiException(int status, String error, JsonNode data) {
        super(error + (data == null ? "" : " " + data), null, false, false);
        this.status = status;
        this.error = error;
        this.data = data;
    }

    static ApiException invalidQuery(String message) {
        return new ApiException(
                400, "InvalidQueryError", Forma.JSON.createObjectNode().put("Message", message));
    }

    static ApiException badRequest(String error, String message) {
        return new ApiException(400, error, Forma.JSON.createObjectNode().put("Message", message));
    }
}
