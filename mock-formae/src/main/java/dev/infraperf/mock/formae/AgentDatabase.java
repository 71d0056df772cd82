package dev.infraperf.mock.formae;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.infraperf.mock.formae.States.CommandState;
import dev.infraperf.mock.formae.States.Operation;
import dev.infraperf.mock.formae.States.UpdateState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's durable state in SQLite (WAL): commands, their resource and target updates, and the
 * inventory. Every change is committed before the agent acts on it, so a {@code kill -9} at any
 * moment leaves a consistent database to resume from.
 */
final class AgentDatabase implements AutoCloseable {

    private final Connection writer;
    private final Connection reader;
    private final Object readLock = new Object();

    AgentDatabase(Path file) {
        try {
            Files.createDirectories(file.getParent());
            writer = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = writer.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                // NORMAL in WAL mode survives a process crash; only a power loss can drop the last commits.
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("PRAGMA busy_timeout=10000");
                s.execute("PRAGMA foreign_keys=OFF");
            }
            createSchema();
            reader = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = reader.createStatement()) {
                s.execute("PRAGMA busy_timeout=10000");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the agent database " + file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void createSchema() throws SQLException {
        try (Statement s = writer.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS forma_commands ("
                    + " command_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, command TEXT NOT NULL, mode TEXT,"
                    + " state TEXT NOT NULL, client_id TEXT, start_ts TEXT, modified_ts TEXT,"
                    + " started INTEGER NOT NULL DEFAULT 0, cancel_requested INTEGER NOT NULL DEFAULT 0,"
                    + " stacks TEXT, description TEXT, data TEXT)");
            s.execute("CREATE INDEX IF NOT EXISTS forma_commands_seq ON forma_commands(seq)");
            s.execute("CREATE TABLE IF NOT EXISTS resource_updates ("
                    + " command_id TEXT NOT NULL, ksuid TEXT NOT NULL, operation TEXT NOT NULL, seq INTEGER NOT NULL,"
                    + " stack TEXT, type TEXT, label TEXT, target TEXT, state TEXT NOT NULL,"
                    + " properties TEXT, old_properties TEXT, refs TEXT, native_id TEXT,"
                    + " attempts INTEGER NOT NULL DEFAULT 0, max_attempts INTEGER NOT NULL DEFAULT 0,"
                    + " error_message TEXT, state_message TEXT, duration_ms INTEGER NOT NULL DEFAULT 0,"
                    + " started_at TEXT, modified_ts TEXT, generation INTEGER NOT NULL DEFAULT 0,"
                    + " PRIMARY KEY (command_id, ksuid, operation))");
            s.execute("CREATE TABLE IF NOT EXISTS target_updates ("
                    + " command_id TEXT NOT NULL, label TEXT NOT NULL, namespace TEXT, config TEXT,"
                    + " discoverable INTEGER, operation TEXT, state TEXT, duration_ms INTEGER, start_ts TEXT,"
                    + " modified_ts TEXT, PRIMARY KEY (command_id, label))");
            s.execute("CREATE TABLE IF NOT EXISTS resources ("
                    + " ksuid TEXT PRIMARY KEY, stack TEXT NOT NULL, type TEXT NOT NULL, label TEXT NOT NULL,"
                    + " target TEXT, native_id TEXT, properties TEXT, desired TEXT, managed INTEGER NOT NULL,"
                    + " command_id TEXT, modified_ts TEXT, UNIQUE (stack, type, label))");
            s.execute("CREATE TABLE IF NOT EXISTS targets ("
                    + " label TEXT PRIMARY KEY, namespace TEXT, config TEXT, discoverable INTEGER)");
        }
    }

    // ---------------------------------------------------------------------------------------- commands

    /** Stores a new command with all its updates in one transaction. */
    synchronized void storeCommand(CommandRecord command, List<ResourceUpdate> updates, List<TargetUpdate> targets) {
        inTransaction(() -> {
            insertCommand(command);
            insertUpdates(updates);
            insertTargets(command.id(), targets);
        });
    }

    /**
     * Stores a command the way Formae 0.75 did: one write per resource update, each rewriting the
     * command's JSON blob, at a per-resource cost that makes the store time grow with the command.
     */
    synchronized void storeCommandLegacy(
            CommandRecord command, List<ResourceUpdate> updates, List<TargetUpdate> targets, Duration costPerResource) {
        inTransaction(() -> {
            insertCommand(command);
            insertTargets(command.id(), targets);
        });
        for (ResourceUpdate update : updates) {
            inTransaction(() -> {
                insertUpdates(List.of(update));
                try (PreparedStatement ps =
                        writer.prepareStatement("UPDATE forma_commands SET data = ? WHERE command_id = ?")) {
                    ps.setString(1, "{\"ResourceUpdates\":" + (update.seq + 1) + "}");
                    ps.setString(2, command.id());
                    ps.executeUpdate();
                }
            });
            sleepNanos(costPerResource.toNanos());
        }
    }

    private static void sleepNanos(long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void insertCommand(CommandRecord c) throws SQLException {
        try (PreparedStatement ps = writer.prepareStatement("INSERT INTO forma_commands (command_id, seq, command,"
                + " mode, state, client_id, start_ts, modified_ts, started, cancel_requested, stacks, description)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) {
            ps.setString(1, c.id());
            ps.setLong(2, c.seq());
            ps.setString(3, c.command());
            ps.setString(4, c.mode());
            ps.setString(5, c.state().name());
            ps.setString(6, c.clientId());
            ps.setString(7, c.startTs().toString());
            ps.setString(8, c.modifiedTs().toString());
            ps.setInt(9, c.started() ? 1 : 0);
            ps.setInt(10, c.cancelRequested() ? 1 : 0);
            ps.setString(11, "," + String.join(",", c.stacks()) + ",");
            ps.setString(12, c.description() == null ? null : c.description().toString());
            ps.executeUpdate();
        }
    }

    private void insertUpdates(Collection<ResourceUpdate> updates) throws SQLException {
        try (PreparedStatement ps = writer.prepareStatement("INSERT INTO resource_updates (command_id, ksuid,"
                + " operation, seq, stack, type, label, target, state, properties, old_properties, refs, native_id,"
                + " attempts, max_attempts, error_message, state_message, duration_ms, started_at, modified_ts,"
                + " generation) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            for (ResourceUpdate u : updates) {
                ps.setString(1, u.commandId);
                ps.setString(2, u.ksuid);
                ps.setString(3, u.operation.name());
                ps.setInt(4, u.seq);
                ps.setString(5, u.key.stack());
                ps.setString(6, u.key.type());
                ps.setString(7, u.key.label());
                ps.setString(8, u.target);
                ps.setString(9, u.state.name());
                ps.setString(10, json(u.properties));
                ps.setString(11, json(u.oldProperties));
                ps.setString(12, refsToText(u.references));
                ps.setString(13, u.nativeId);
                ps.setInt(14, u.attempts);
                ps.setInt(15, u.maxAttempts);
                ps.setString(16, u.errorMessage);
                ps.setString(17, u.stateMessage);
                ps.setLong(18, u.durationMs);
                ps.setString(19, text(u.startedAt));
                ps.setString(20, text(u.modifiedTs));
                ps.setInt(21, u.generation);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void insertTargets(String commandId, List<TargetUpdate> targets) throws SQLException {
        try (PreparedStatement ps = writer.prepareStatement("INSERT OR REPLACE INTO target_updates (command_id,"
                        + " label, namespace, config, discoverable, operation, state, duration_ms, start_ts,"
                        + " modified_ts) VALUES (?,?,?,?,?,?,?,?,?,?)");
                PreparedStatement inv = writer.prepareStatement("INSERT OR REPLACE INTO targets (label, namespace,"
                        + " config, discoverable) VALUES (?,?,?,?)")) {
            for (TargetUpdate t : targets) {
                ps.setString(1, commandId);
                ps.setString(2, t.label());
                ps.setString(3, t.namespace());
                ps.setString(4, json(t.config()));
                ps.setInt(5, t.discoverable() ? 1 : 0);
                ps.setString(6, t.operation());
                ps.setString(7, t.state());
                ps.setLong(8, t.durationMs());
                ps.setString(9, text(t.startTs()));
                ps.setString(10, text(t.modifiedTs()));
                ps.addBatch();
                inv.setString(1, t.label());
                inv.setString(2, t.namespace());
                inv.setString(3, json(t.config()));
                inv.setInt(4, t.discoverable() ? 1 : 0);
                inv.addBatch();
            }
            ps.executeBatch();
            inv.executeBatch();
        }
    }

    synchronized long nextCommandSeq() {
        try (Statement s = writer.createStatement();
                ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM forma_commands")) {
            rs.next();
            return rs.getLong(1) + 1;
        } catch (SQLException e) {
            throw failure("read the command sequence", e);
        }
    }

    synchronized void setCommandState(String commandId, CommandState state, boolean started, boolean cancelRequested) {
        inTransaction(() -> writeCommandState(commandId, state, started, cancelRequested));
    }

    private void writeCommandState(String commandId, CommandState state, boolean started, boolean cancelRequested)
            throws SQLException {
        try (PreparedStatement ps = writer.prepareStatement("UPDATE forma_commands SET state = ?, started = ?,"
                + " cancel_requested = ?, modified_ts = ? WHERE command_id = ?")) {
            ps.setString(1, state.name());
            ps.setInt(2, started ? 1 : 0);
            ps.setInt(3, cancelRequested ? 1 : 0);
            ps.setString(4, Instant.now().toString());
            ps.setString(5, commandId);
            ps.executeUpdate();
        }
    }

    /** Saves the mutable part of updates and the command state, in one transaction. */
    synchronized void saveUpdates(
            Collection<ResourceUpdate> updates,
            String commandId,
            CommandState state,
            boolean started,
            boolean cancelRequested) {
        inTransaction(() -> {
            writeUpdates(updates);
            if (commandId != null) {
                writeCommandState(commandId, state, started, cancelRequested);
            }
        });
    }

    /** Saves a finished update, its inventory change and the command state, in one transaction. */
    synchronized void finishUpdate(
            ResourceUpdate update,
            InventoryResource upsert,
            String deleteKsuid,
            CommandState state,
            boolean started,
            boolean cancelRequested) {
        inTransaction(() -> {
            writeUpdates(List.of(update));
            if (upsert != null) {
                writeResource(upsert);
            }
            if (deleteKsuid != null) {
                deleteResource(deleteKsuid);
            }
            writeCommandState(update.commandId, state, started, cancelRequested);
        });
    }

    /** Records another attempt of an update in flight, leaving its state alone. */
    synchronized void saveAttempt(ResourceUpdate u) {
        inTransaction(() -> {
            try (PreparedStatement ps = writer.prepareStatement("UPDATE resource_updates SET attempts = ?,"
                    + " state_message = ?, modified_ts = ? WHERE command_id = ? AND ksuid = ? AND operation = ?")) {
                ps.setInt(1, u.attempts);
                ps.setString(2, u.stateMessage);
                ps.setString(3, Instant.now().toString());
                ps.setString(4, u.commandId);
                ps.setString(5, u.ksuid);
                ps.setString(6, u.operation.name());
                ps.executeUpdate();
            }
        });
    }

    private void writeUpdates(Collection<ResourceUpdate> updates) throws SQLException {
        try (PreparedStatement ps = writer.prepareStatement("UPDATE resource_updates SET state = ?, native_id = ?,"
                + " attempts = ?, error_message = ?, state_message = ?, duration_ms = ?, started_at = ?,"
                + " modified_ts = ?, generation = ? WHERE command_id = ? AND ksuid = ? AND operation = ?")) {
            for (ResourceUpdate u : updates) {
                ps.setString(1, u.state.name());
                ps.setString(2, u.nativeId);
                ps.setInt(3, u.attempts);
                ps.setString(4, u.errorMessage);
                ps.setString(5, u.stateMessage);
                ps.setLong(6, u.durationMs);
                ps.setString(7, text(u.startedAt));
                ps.setString(8, text(u.modifiedTs));
                ps.setInt(9, u.generation);
                ps.setString(10, u.commandId);
                ps.setString(11, u.ksuid);
                ps.setString(12, u.operation.name());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    Optional<CommandRecord> command(String commandId) {
        List<CommandRecord> found = queryCommands("command_id = ?", List.of(commandId), 1);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Commands matching a SQL condition over {@code forma_commands}, newest first. */
    List<CommandRecord> queryCommands(String where, List<Object> params, int max) {
        String sql = "SELECT command_id, seq, command, mode, state, client_id, start_ts, modified_ts, started,"
                + " cancel_requested, stacks, description FROM forma_commands"
                + (where.isBlank() ? "" : " WHERE " + where) + " ORDER BY seq DESC LIMIT ?";
        synchronized (readLock) {
            try (PreparedStatement ps = reader.prepareStatement(sql)) {
                int i = 1;
                for (Object p : params) {
                    ps.setObject(i++, p);
                }
                ps.setInt(i, max);
                List<CommandRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String stacks = rs.getString(11);
                        out.add(new CommandRecord(
                                rs.getString(1),
                                rs.getLong(2),
                                rs.getString(3),
                                rs.getString(4),
                                CommandState.valueOf(rs.getString(5)),
                                rs.getString(6),
                                instant(rs.getString(7)),
                                instant(rs.getString(8)),
                                rs.getInt(9) == 1,
                                rs.getInt(10) == 1,
                                stacks == null
                                        ? List.of()
                                        : Arrays.stream(stacks.split(","))
                                                .filter(s -> !s.isEmpty())
                                                .toList(),
                                parse(rs.getString(12))));
                    }
                }
                return out;
            } catch (SQLException e) {
                throw failure("query commands", e);
            }
        }
    }

    /** Incomplete user commands, oldest first: the ones a restarted agent resumes. */
    List<CommandRecord> incompleteCommands(List<CommandState> states) {
        String in =
                String.join(",", states.stream().map(s -> "'" + s.name() + "'").toList());
        List<CommandRecord> found =
                new ArrayList<>(queryCommands("command != 'sync' AND state IN (" + in + ")", List.of(), 1_000_000));
        found.sort((a, b) -> Long.compare(a.seq(), b.seq()));
        return found;
    }

    List<ResourceUpdate> updatesOf(String commandId) {
        synchronized (readLock) {
            try (PreparedStatement ps = reader.prepareStatement("SELECT ksuid, operation, seq, stack, type, label,"
                    + " target, state, properties, old_properties, refs, native_id, attempts, max_attempts,"
                    + " error_message, state_message, duration_ms, started_at, modified_ts, generation"
                    + " FROM resource_updates WHERE command_id = ? ORDER BY seq")) {
                ps.setString(1, commandId);
                List<ResourceUpdate> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ResourceUpdate u = new ResourceUpdate(
                                commandId,
                                rs.getString(1),
                                Operation.valueOf(rs.getString(2)),
                                rs.getInt(3),
                                new ResourceKey(rs.getString(4), rs.getString(5), rs.getString(6)),
                                rs.getString(7),
                                parse(rs.getString(9)),
                                parse(rs.getString(10)),
                                refsFromText(rs.getString(11)),
                                rs.getString(12));
                        u.state = UpdateState.valueOf(rs.getString(8));
                        u.attempts = rs.getInt(13);
                        u.maxAttempts = rs.getInt(14);
                        u.errorMessage = rs.getString(15);
                        u.stateMessage = rs.getString(16);
                        u.durationMs = rs.getLong(17);
                        u.startedAt = instant(rs.getString(18));
                        u.modifiedTs = instant(rs.getString(19));
                        u.generation = rs.getInt(20);
                        out.add(u);
                    }
                }
                return out;
            } catch (SQLException e) {
                throw failure("read the updates of command " + commandId, e);
            }
        }
    }

    /**
     * The updates of a command rendered for the status API straight from the rows: stored JSON is
     * embedded as it is, never parsed, so a status of thousands of updates stays cheap.
     */
    ArrayNode statusUpdates(String commandId) {
        ArrayNode out = Forma.JSON.createArrayNode();
        synchronized (readLock) {
            try (PreparedStatement ps = reader.prepareStatement("SELECT ksuid, type, label, stack, operation, state,"
                    + " duration_ms, attempts, max_attempts, error_message, state_message, native_id, started_at,"
                    + " properties, old_properties, refs FROM resource_updates WHERE command_id = ? ORDER BY seq")) {
                ps.setString(1, commandId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ObjectNode n = out.addObject();
                        n.put("ResourceId", rs.getString(1));
                        n.put("ResourceType", rs.getString(2));
                        n.put("ResourceLabel", rs.getString(3));
                        n.put("StackName", rs.getString(4));
                        n.put("Operation", rs.getString(5));
                        n.put("State", rs.getString(6));
                        n.put("Duration", rs.getLong(7));
                        n.put("CurrentAttempt", rs.getInt(8));
                        n.put("MaxAttempts", rs.getInt(9));
                        putIfPresent(n, "ErrorMessage", rs.getString(10));
                        putIfPresent(n, "StateMessage", rs.getString(11));
                        putIfPresent(n, "NativeId", rs.getString(12));
                        String started = rs.getString(13);
                        if (started != null) {
                            n.put("StartedAt", StatusJson.timestamp(Instant.parse(started)));
                        }
                        putRaw(n, "Properties", rs.getString(14));
                        putRaw(n, "OldProperties", rs.getString(15));
                        String refs = rs.getString(16);
                        if (refs != null) {
                            ObjectNode labels = n.putObject("ReferenceLabels");
                            for (Forma.Reference ref : refsFromText(refs)) {
                                labels.put(ref.target().label(), ref.target().type());
                            }
                        }
                    }
                }
            } catch (SQLException e) {
                throw failure("read the updates of command " + commandId, e);
            }
        }
        return out;
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(field, value);
        }
    }

    private static void putRaw(ObjectNode node, String field, String json) {
        if (json != null && !json.equals("null")) {
            node.putRawValue(field, new RawValue(json));
        }
    }

    List<TargetUpdate> targetUpdatesOf(String commandId) {
        synchronized (readLock) {
            try (PreparedStatement ps = reader.prepareStatement("SELECT label, namespace, config, discoverable,"
                    + " operation, state, duration_ms, start_ts, modified_ts FROM target_updates"
                    + " WHERE command_id = ? ORDER BY label")) {
                ps.setString(1, commandId);
                List<TargetUpdate> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new TargetUpdate(
                                rs.getString(1),
                                rs.getString(2),
                                parse(rs.getString(3)),
                                rs.getInt(4) == 1,
                                rs.getString(5),
                                rs.getString(6),
                                rs.getLong(7),
                                instant(rs.getString(8)),
                                instant(rs.getString(9))));
                    }
                }
                return out;
            } catch (SQLException e) {
                throw failure("read the target updates of command " + commandId, e);
            }
        }
    }

    /** Counts per command and per command state, for {@code /stats}. */
    Map<String, Map<String, Integer>> commandCounts() {
        Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
        out.put("Commands", new LinkedHashMap<>());
        out.put("States", new LinkedHashMap<>());
        out.put("Clients", new LinkedHashMap<>());
        synchronized (readLock) {
            try (Statement s = reader.createStatement();
                    ResultSet rs = s.executeQuery(
                            "SELECT command, state, client_id, COUNT(*) FROM forma_commands GROUP BY 1, 2, 3")) {
                while (rs.next()) {
                    int n = rs.getInt(4);
                    out.get("Commands").merge(rs.getString(1), n, Integer::sum);
                    if (!"sync".equals(rs.getString(1))) {
                        out.get("States").merge(rs.getString(2), n, Integer::sum);
                    }
                    out.get("Clients").merge(String.valueOf(rs.getString(3)), n, Integer::sum);
                }
            } catch (SQLException e) {
                throw failure("count commands", e);
            }
        }
        return out;
    }

    // --------------------------------------------------------------------------------------- inventory

    List<InventoryResource> resources(String where, List<Object> params) {
        String sql = "SELECT ksuid, stack, type, label, target, native_id, properties, desired, managed, command_id"
                + " FROM resources" + (where.isBlank() ? "" : " WHERE " + where) + " ORDER BY rowid";
        synchronized (readLock) {
            try (PreparedStatement ps = reader.prepareStatement(sql)) {
                int i = 1;
                for (Object p : params) {
                    ps.setObject(i++, p);
                }
                List<InventoryResource> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new InventoryResource(
                                rs.getString(1),
                                new ResourceKey(rs.getString(2), rs.getString(3), rs.getString(4)),
                                rs.getString(5),
                                rs.getString(6),
                                parse(rs.getString(7)),
                                parse(rs.getString(8)),
                                rs.getInt(9) == 1,
                                rs.getString(10)));
                    }
                }
                return out;
            } catch (SQLException e) {
                throw failure("read the inventory", e);
            }
        }
    }

    List<InventoryResource> allResources() {
        return resources("", List.of());
    }

    Optional<InventoryResource> resource(ResourceKey key) {
        List<InventoryResource> found =
                resources("stack = ? AND type = ? AND label = ?", List.of(key.stack(), key.type(), key.label()));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    List<Map.Entry<String, String>> targets() {
        synchronized (readLock) {
            try (Statement s = reader.createStatement();
                    ResultSet rs = s.executeQuery("SELECT label, namespace FROM targets ORDER BY label")) {
                List<Map.Entry<String, String>> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(Map.entry(rs.getString(1), String.valueOf(rs.getString(2))));
                }
                return out;
            } catch (SQLException e) {
                throw failure("read targets", e);
            }
        }
    }

    synchronized void removeResources(Collection<String> ksuids) {
        inTransaction(() -> {
            for (String ksuid : ksuids) {
                deleteResource(ksuid);
            }
        });
    }

    private void writeResource(InventoryResource r) throws SQLException {
        try (PreparedStatement ps = writer.prepareStatement("INSERT INTO resources (ksuid, stack, type, label, target,"
                + " native_id, properties, desired, managed, command_id, modified_ts) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
                + " ON CONFLICT (stack, type, label) DO UPDATE SET ksuid = excluded.ksuid, target = excluded.target,"
                + " native_id = excluded.native_id, properties = excluded.properties, desired = excluded.desired,"
                + " managed = excluded.managed, command_id = excluded.command_id,"
                + " modified_ts = excluded.modified_ts")) {
            ps.setString(1, r.ksuid());
            ps.setString(2, r.key().stack());
            ps.setString(3, r.key().type());
            ps.setString(4, r.key().label());
            ps.setString(5, r.target());
            ps.setString(6, r.nativeId());
            ps.setString(7, json(r.properties()));
            ps.setString(8, json(r.desired()));
            ps.setInt(9, r.managed() ? 1 : 0);
            ps.setString(10, r.commandId());
            ps.setString(11, Instant.now().toString());
            ps.executeUpdate();
        }
    }

    private void deleteResource(String ksuid) throws SQLException {
        try (PreparedStatement ps = writer.prepareStatement("DELETE FROM resources WHERE ksuid = ?")) {
            ps.setString(1, ksuid);
            ps.executeUpdate();
        }
    }

    // ------------------------------------------------------------------------------------------ plumbing

    private interface SqlWork {
        void run() throws SQLException;
    }

    private void inTransaction(SqlWork work) {
        try {
            writer.setAutoCommit(false);
            try {
                work.run();
                writer.commit();
            } catch (SQLException | RuntimeException e) {
                writer.rollback();
                throw e;
            } finally {
                writer.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("write", e);
        }
    }

    private static IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("database: could not " + what + ": " + e.getMessage(), e);
    }

    static String json(JsonNode node) {
        return node == null || node.isMissingNode() ? null : node.toString();
    }

    static JsonNode parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Forma.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("database: stored JSON is unreadable: " + e.getOriginalMessage(), e);
        }
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    private static String refsToText(List<Forma.Reference> refs) {
        if (refs.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder("[");
        for (Forma.Reference r : refs) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append(Forma.JSON
                    .createArrayNode()
                    .add(r.target().stack())
                    .add(r.target().type())
                    .add(r.target().label())
                    .add(r.property()));
        }
        return out.append(']').toString();
    }

    private static List<Forma.Reference> refsFromText(String text) {
        if (text == null) {
            return List.of();
        }
        List<Forma.Reference> out = new ArrayList<>();
        for (JsonNode r : parse(text)) {
            out.add(new Forma.Reference(
                    new ResourceKey(
                            r.get(0).asText(), r.get(1).asText(), r.get(2).asText()),
                    r.get(3).asText()));
        }
        return out;
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (SQLException ignored) {
            // closing on shutdown; nothing to keep
        }
        try {
            writer.close();
        } catch (SQLException ignored) {
            // closing on shutdown; nothing to keep
        }
    }
}
