package dev.infraperf.mock.formae;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The JSON shapes of Formae's API model ({@code internal/api/model/types.go}); empty fields are left out. */
final class StatusJson {
    private StatusJson() {}

    /** A stored command, its updates rendered by {@link AgentDatabase#statusUpdates}. */
    static ObjectNode command(CommandRecord c, ArrayNode resourceUpdates, List<TargetUpdate> targets) {
        ObjectNode node = header(c);
        node.set("ResourceUpdates", resourceUpdates);
        targets(node, targets);
        return node;
    }

    private static ObjectNode header(CommandRecord c) {
        ObjectNode node = Forma.JSON.createObjectNode();
        node.put("CommandId", c.id());
        node.put("Command", c.command());
        if (c.mode() != null) {
            node.put("Mode", c.mode());
        }
        node.put("State", c.state().name());
        node.put("StartTs", timestamp(c.startTs()));
        node.put("EndTs", timestamp(c.modifiedTs()));
        return node;
    }

    static ObjectNode command(CommandRecord c, List<ResourceUpdate> updates, List<TargetUpdate> targets) {
        ObjectNode node = header(c);
        ArrayNode resourceUpdates = node.putArray("ResourceUpdates");
        for (ResourceUpdate u : updates) {
            ObjectNode n = resourceUpdates.addObject();
            n.put("ResourceId", u.ksuid);
            n.put("ResourceType", u.key.type());
            n.put("ResourceLabel", u.key.label());
            n.put("StackName", u.key.stack());
            n.put("Operation", u.operation.name());
            n.put("State", u.state.name());
            n.put("Duration", u.durationMs);
            n.put("CurrentAttempt", u.attempts);
            n.put("MaxAttempts", u.maxAttempts);
            putIfPresent(n, "ErrorMessage", u.errorMessage);
            putIfPresent(n, "StateMessage", u.stateMessage);
            putIfPresent(n, "NativeId", u.nativeId);
            if (u.startedAt != null) {
                n.put("StartedAt", timestamp(u.startedAt));
            }
            if (u.properties != null && !u.properties.isNull()) {
                n.set("Properties", u.properties);
            }
            if (u.oldProperties != null && !u.oldProperties.isNull()) {
                n.set("OldProperties", u.oldProperties);
            }
            if (!u.references.isEmpty()) {
                ObjectNode labels = n.putObject("ReferenceLabels");
                for (Forma.Reference ref : u.references) {
                    labels.put(ref.target().label(), ref.target().type());
                }
            }
        }
        targets(node, targets);
        return node;
    }

    private static void targets(ObjectNode node, List<TargetUpdate> targets) {
        ArrayNode targetUpdates = node.putArray("TargetUpdates");
        for (TargetUpdate t : targets) {
            ObjectNode n = targetUpdates.addObject();
            n.put("TargetLabel", t.label());
            n.put("Operation", t.operation());
            n.put("State", t.state());
            n.put("Duration", t.durationMs());
            n.put("Discoverable", t.discoverable());
            if (t.startTs() != null) {
                n.put("StartTs", timestamp(t.startTs()));
            }
            if (t.modifiedTs() != null) {
                n.put("ModifiedTs", timestamp(t.modifiedTs()));
            }
        }
    }

    /** The inventory as a Forma JSON document, as {@code GET /api/v1/resources} returns it. */
    static ObjectNode forma(List<InventoryResource> resources, List<Map.Entry<String, String>> targets) {
        ObjectNode root = Forma.JSON.createObjectNode();
        root.putObject("Description").put("Text", "").put("Confirm", false);
        Set<String> stacks = new LinkedHashSet<>();
        resources.forEach(r -> stacks.add(r.key().stack()));
        ArrayNode stackNodes = root.putArray("Stacks");
        stacks.forEach(s -> stackNodes.addObject().put("Label", s));
        Map<String, String> namespaces = new LinkedHashMap<>();
        targets.forEach(t -> namespaces.put(t.getKey(), t.getValue()));
        ArrayNode targetNodes = root.putArray("Targets");
        resources.stream().map(InventoryResource::target).distinct().forEach(t -> targetNodes
                .addObject()
                .put("Label", t)
                .put("Namespace", namespaces.getOrDefault(t, "AWS")));
        ArrayNode list = root.putArray("Resources");
        for (InventoryResource r : resources) {
            ObjectNode n = list.addObject();
            n.put("Label", r.key().label());
            n.put("Type", r.key().type());
            n.put("Stack", r.key().stack());
            n.put("Target", r.target());
            n.put("Schema", r.key().type());
            JsonNode properties = r.properties() != null && !r.properties().isNull() ? r.properties() : r.desired();
            if (properties != null) {
                n.set("Properties", properties);
            }
            putIfPresent(n, "NativeID", r.nativeId());
            n.put("Managed", r.managed());
            n.put("Ksuid", r.ksuid());
        }
        return root;
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(field, value);
        }
    }

    static String timestamp(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
