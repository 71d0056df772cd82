package dev.infraperf.formae;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads the JSON shapes of Formae's API model, shared by the REST and CLI faces. */
final class StatusJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private StatusJson() {}

    static JsonNode parse(String json, String what) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable " + what + ": " + abbreviate(json), e);
        }
    }

    /** {@code {"Commands":[...]}} to command statuses. */
    static List<CommandStatus> commands(JsonNode root) {
        List<CommandStatus> out = new ArrayList<>();
        for (JsonNode c : root.path("Commands")) {
            out.add(command(c));
        }
        return out;
    }

    static CommandStatus command(JsonNode c) {
        List<ResourceUpdate> updates = new ArrayList<>();
        for (JsonNode u : c.path("ResourceUpdates")) {
            updates.add(new ResourceUpdate(
                    u.path("ResourceId").asText(""),
                    u.path("ResourceType").asText(""),
                    u.path("ResourceLabel").asText(""),
                    u.path("StackName").asText(""),
                    u.path("Operation").asText(""),
                    UpdateState.fromWire(u.path("State").asText(null)),
                    u.path("Duration").asLong(0),
                    u.path("CurrentAttempt").asInt(0),
                    u.path("ErrorMessage").asText("")));
        }
        return new CommandStatus(
                c.path("CommandId").asText(""),
                c.path("Command").asText(""),
                CommandState.fromWire(c.path("State").asText(null)),
                c.path("StartTs").asText(""),
                c.path("EndTs").asText(""),
                updates,
                c.path("TargetUpdates").size());
    }

    /** A Forma JSON ({@code {"Resources":[...]}}) to an inventory. */
    static Inventory inventory(String query, JsonNode root) {
        List<InventoryResource> out = new ArrayList<>();
        for (JsonNode r : root.path("Resources")) {
            JsonNode nativeId = r.has("NativeID") ? r.path("NativeID") : r.path("NativeId");
            out.add(new InventoryResource(
                    r.path("Label").asText(""),
                    r.path("Type").asText(""),
                    r.path("Stack").asText(""),
                    nativeId.asText(""),
                    r.path("Managed").asBoolean(true)));
        }
        return new Inventory(query, out);
    }

    /**
     * Whether a submit answer ({@code 202 {"CommandId":..., "Simulation":{"ChangesRequired":false}}}) says there
     * is nothing to change. 0.83.0 then stores no command, so its id never shows in status; 0.75.6 answers {@code
     * false} for every apply, so callers treat it as a hint that needs a missing status to confirm it.
     */
    static boolean noChangesRequired(JsonNode submitAnswer) {
        JsonNode changes = submitAnswer.path("Simulation").path("ChangesRequired");
        return changes.isBoolean() && !changes.asBoolean();
    }

    /**
     * Whether an error answer of a status query means "no command matched": 404, or the 500 {@code no forma
     * commands found for client} both 0.75.6 and 0.83.0 answer for an empty query result.
     */
    static boolean isNoCommandsFound(int status, String body) {
        return status == 404
                || (status == 500
                        && body != null
                        && body.toLowerCase(java.util.Locale.ROOT).contains("no forma commands found"));
    }

    /**
     * Whether an error answer says the agent's application is down behind a live health endpoint: 0.75.6 answers
     * 500 {@code failed to send request to MetastructureBridge: unknown process} to every submit after its command
     * persister crashed, while {@code /api/v1/health} still answers 200.
     */
    static boolean isDeadApplication(int status, String body) {
        return status == 500 && body != null && body.contains("unknown process");
    }

    static List<String> commandIds(JsonNode root) {
        List<String> ids = new ArrayList<>();
        for (JsonNode id : root.path("CommandIds")) {
            ids.add(id.asText());
        }
        return ids;
    }

    static String abbreviate(String text) {
        if (text == null) {
            return "<none>";
        }
        String oneLine = text.strip().replace('\n', ' ');
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
    }
}
