package dev.infraperf.mock.terrafix;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** Describes a JSON value in error messages: its JSON type and a short rendering. */
final class JsonTypes {
    private JsonTypes() {}

    static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        String type;
        if (value.isObject()) {
            type = "object";
        } else if (value.isArray()) {
            type = "array";
        } else if (value.isTextual()) {
            type = "string";
        } else if (value.isNumber()) {
            type = "number";
        } else if (value.isBoolean()) {
            type = "boolean";
        } else if (value.isNull()) {
            return "null";
        } else {
            type = value.getNodeType().name().toLowerCase(Locale.ROOT);
        }
        String text = value.toString();
        return type + " " + (text.length() > 60 ? text.substring(0, 57) + "..." : text);
    }
}
