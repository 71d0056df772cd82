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
        for (JsonNode stack : root.path("Stacks")) {
            stacks.add(new Stack(
                    stack.path("Label").asText(), stack.path("Description").asText("")));
        }
        List<Target> targets = new ArrayList<>();
        for (JsonNode target : root.path("Targets")) {
            targets.add(new Target(
                    target.path("Label").asText(),
                    target.path("Namespace").asText("AWS"),
                    target.path("Config"),
                    target.path("Discoverable").asBoolean(true)));
        }
        String firstStack = stacks.isEmpty() ? "default" : stacks.get(0).label();
        String firstTarget = targets.isEmpty() ? "default" : targets.get(0).label();
        List<Resource> resources = new ArrayList<>();
        int index = 0;
        for (JsonNode resource : root.path("Resources")) {
            String label = resource.path("Label").asText("");
            String type = resource.path("Type").asText("");
            if (label.isEmpty() || type.isEmpty()) {
                throw new IllegalArgumentException("Resources[" + index + "] needs a Label and a Type; found Label ["
                        + label + "], Type [" + type + "]");
            }
            String stack = resource.path("Stack").asText("");
            String target = resource.path("Target").asText("");
            JsonNode properties = resource.path("Properties");
            resources.add(new Resource(
                    label,
                    type,
                    stack.isEmpty() ? firstStack : stack,
                    target.isEmpty() ? firstTarget : target,
                    properties.isObject() ? properties : JsonNodeFactory.instance.objectNode()));
            index++;
        }
        return new Forma(root.path("Description"), stacks, targets, resources);
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
