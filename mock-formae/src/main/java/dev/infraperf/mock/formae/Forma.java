package dev.infraperf.mock.formae;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** A Forma JSON document as the CLI posts it (reference section 9), reduced to what the agent uses. */
record Forma(JsonNode description, List<Stack> stacks, List<Target> targets, List<Resource> resources) {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final char RESOLVABLE_START = '\u001E';
    private static final char RESOLVABLE_END = '\u001F';

    record Stack(String label, String description) {}

    record Target(String label, String namespace, JsonNode config, boolean discoverable) {}

    record Resource(String label, String type, String stack, String target, JsonNode properties) {
        ResourceKey key() {
            return new ResourceKey(stack, type, label);
        }
    }

    /** A resolvable: the value of {@code property} of another resource, known once that resource exists. */
    record Reference(ResourceKey target, String property) {}

    /** Parses a Forma JSON document; the message of the exception names what is wrong. */
    static Forma parse(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("the file is not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the file is not a Forma JSON object");
        }
        List<Stack> stacks = new ArrayList<>();
        for (JsonNode stack : array(root, "Stacks")) {
            object(stack, "Stacks[" + stacks.size() + "]");
            stacks.add(new Stack(
                    text(stack, "Label", "Stacks[" + stacks.size() + "]"),
                    text(stack, "Description", "Stacks[" + stacks.size() + "]")));
        }
        List<Target> targets = new ArrayList<>();
        for (JsonNode target : array(root, "Targets")) {
            String where = "Targets[" + targets.size() + "]";
            object(target, where);
            String namespace = text(target, "Namespace", where);
            targets.add(new Target(
                    text(target, "Label", where),
                    namespace.isEmpty() ? "AWS" : namespace,
                    target.path("Config"),
                    target.path("Discoverable").asBoolean(true)));
        }
        String firstStack = stacks.isEmpty() ? "default" : stacks.get(0).label();
        String firstTarget = targets.isEmpty() ? "default" : targets.get(0).label();
        List<Resource> resources = new ArrayList<>();
        Map<ResourceKey, Integer> seen = new HashMap<>();
        int index = 0;
        for (JsonNode resource : array(root, "Resources")) {
            String where = "Resources[" + index + "]";
            object(resource, where);
            String label = text(resource, "Label", where);
            String type = text(resource, "Type", where);
            if (label.isEmpty() || type.isEmpty()) {
                throw new IllegalArgumentException(
                        where + " needs a Label and a Type; found Label [" + label + "], Type [" + type + "]");
            }
            String stack = text(resource, "Stack", where);
            String target = text(resource, "Target", where);
            JsonNode properties = resource.get("Properties");
            if (properties != null && !properties.isObject()) {
                throw new IllegalArgumentException(where + ".Properties is " + describe(properties)
                        + "; it must be an object of property names to values");
            }
            Resource parsed = new Resource(
                    label,
                    type,
                    stack.isEmpty() ? firstStack : stack,
                    target.isEmpty() ? firstTarget : target,
                    properties == null ? JsonNodeFactory.instance.objectNode() : properties);
            Integer first = seen.putIfAbsent(parsed.key(), index);
            if (first != null) {
                // Formae keys a resource by (stack, type, label): two entries would silently be one.
                throw new IllegalArgumentException(where + " duplicates Resources[" + first + "]: Label [" + label
                        + "], Type [" + type + "], Stack [" + parsed.stack()
                        + "]; a label may occur once per type and stack");
            }
            resources.add(parsed);
            index++;
        }
        return new Forma(root.path("Description"), stacks, targets, resources);
    }

    /** The array field {@code name} of the root; absent is empty, anything else but an array is refused. */
    private static Iterable<JsonNode> array(JsonNode root, String name) {
        JsonNode value = root.get(name);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException(name + " is " + describe(value) + "; it must be an array (or left out)");
        }
        return value;
    }

    /** A string field; absent is empty, anything else but a string is refused. */
    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null) {
            return "";
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(
                    where + "." + field + " is " + describe(value) + "; it must be a string");
        }
        return value.asText();
    }

    private static JsonNode object(JsonNode value, String where) {
        if (!value.isObject()) {
            throw new IllegalArgumentException(where + " is " + describe(value) + "; it must be an object");
        }
        return value;
    }

    private static String describe(JsonNode value) {
        if (value.isNull()) {
            return "null";
        }
        String shown = value.toString();
        if (shown.length() > 40) {
            shown = shown.substring(0, 40) + "...";
        }
        String kind = value.isTextual()
                ? "a string"
                : value.isNumber()
                        ? "a number"
                        : value.isBoolean() ? "a boolean" : value.isArray() ? "an array" : "an object";
        return kind + " " + shown;
    }

    /** The resolvables of a resource's properties, objects and strings with embedded envelopes alike. */
    static Set<Reference> references(JsonNode properties, String defaultStack) {
        Set<Reference> found = new LinkedHashSet<>();
        collect(properties, defaultStack, found);
        return found;
    }

    private static void collect(JsonNode node, String defaultStack, Set<Reference> found) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            if (isResolvable(node)) {
                found.add(reference(node, defaultStack));
                return;
            }
            node.elements().forEachRemaining(child -> collect(child, defaultStack, found));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> collect(child, defaultStack, found));
        } else if (node.isTextual() && node.asText().indexOf(RESOLVABLE_START) >= 0) {
            for (JsonNode envelope : embeddedEnvelopes(node.asText())) {
                found.add(reference(envelope, defaultStack));
            }
        }
    }

    /** A copy of the properties with every resolvable replaced by what {@code lookup} answers. */
    static JsonNode resolve(JsonNode properties, String defaultStack, Function<Reference, JsonNode> lookup) {
        if (properties == null) {
            return null;
        }
        if (properties.isObject()) {
            if (isResolvable(properties)) {
                return lookup.apply(reference(properties, defaultStack));
            }
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = properties.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                copy.set(field.getKey(), resolve(field.getValue(), defaultStack, lookup));
            }
            return copy;
        }
        if (properties.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            properties.elements().forEachRemaining(child -> copy.add(resolve(child, defaultStack, lookup)));
            return copy;
        }
        if (properties.isTextual() && properties.asText().indexOf(RESOLVABLE_START) >= 0) {
            return TextNode.valueOf(resolveEmbedded(properties.asText(), defaultStack, lookup));
        }
        return properties;
    }

    private static boolean isResolvable(JsonNode node) {
        return node.path("$res").asBoolean(false) && node.has("$label");
    }

    private static Reference reference(JsonNode envelope, String defaultStack) {
        String stack = envelope.path("$stack").asText("");
        return new Reference(
                new ResourceKey(
                        stack.isEmpty() ? defaultStack : stack,
                        envelope.path("$type").asText(""),
                        envelope.path("$label").asText("")),
                envelope.path("$property").asText(""));
    }

    private static List<JsonNode> embeddedEnvelopes(String text) {
        List<JsonNode> envelopes = new ArrayList<>();
        int start = text.indexOf(RESOLVABLE_START);
        while (start >= 0) {
            int end = text.indexOf(RESOLVABLE_END, start + 1);
            if (end < 0) {
                break;
            }
            envelopes.add(decodeEnvelope(text.substring(start + 1, end)));
            start = text.indexOf(RESOLVABLE_START, end + 1);
        }
        return envelopes;
    }

    private static String resolveEmbedded(String text, String defaultStack, Function<Reference, JsonNode> lookup) {
        StringBuilder out = new StringBuilder();
        int position = 0;
        int start = text.indexOf(RESOLVABLE_START);
        while (start >= 0) {
            int end = text.indexOf(RESOLVABLE_END, start + 1);
            if (end < 0) {
                break;
            }
            out.append(text, position, start);
            JsonNode value = lookup.apply(reference(decodeEnvelope(text.substring(start + 1, end)), defaultStack));
            out.append(value == null || value.isNull() ? "" : value.asText());
            position = end + 1;
            start = text.indexOf(RESOLVABLE_START, position);
        }
        out.append(text.substring(position));
        return out.toString();
    }

    private static JsonNode decodeEnvelope(String base64) {
        try {
            return JSON.readTree(new String(Base64.getDecoder().decode(base64.trim()), StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("an embedded resolvable is not base64 JSON: [" + base64 + "]");
        }
    }
}
