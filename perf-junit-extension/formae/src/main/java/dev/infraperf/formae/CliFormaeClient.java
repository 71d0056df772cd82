package dev.infraperf.formae;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * The CLI face of the driver: runs a {@code formae} binary with {@code --output-consumer machine}
 * and reads its output (compact JSON, or YAML where a command defaults to it, as {@code cancel}
 * does). Synchronization has no public CLI verb, so it and the health check go through the agent's
 * REST API.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class CliFormaeClient implements FormaeClient {

    private static final long TIMEOUT_SECONDS = 300;
    private static final int INVENTORY_MAX_RESULTS = 100_000;

    private final Path binary;
    private final RestFormaeClient api;
    private final Map<String, String> environment;
    private final Set<String> noChanges = ConcurrentHashMap.newKeySet();
    private final List<String> diagnostics = new CopyOnWriteArrayList<>();

    /**
     * A client running {@code binary}; {@code api} is used for what the CLI has no verb for
     * ({@code POST /api/v1/admin/synchronize}, the health check).
     */
    public CliFormaeClient(Path binary, RestFormaeClient api) {
        this(binary, api, Map.of());
    }

    /** As {@link #CliFormaeClient(Path, RestFormaeClient)}, running the binary with {@code environment} added. */
    public CliFormaeClient(Path binary, RestFormaeClient api, Map<String, String> environment) {
        this.binary = binary;
        this.api = api;
        this.environment = Map.copyOf(environment);
    }

    /**
     * What the binary printed on stdout beside its machine JSON (0.75.6's pkl-go debug lines), oldest first: kept
     * as a diagnostic, never parsed.
     */
    public List<String> diagnostics() {
        return List.copyOf(diagnostics);
    }

    @Override
    public boolean answeredNoChanges(String commandId) {
        return noChanges.contains(commandId);
    }

    @Override
    public String apply(Forma forma, String mode) {
        return commandId(run(List.of(
                "apply",
                "--mode",
                mode,
                "--yes",
                "--output-consumer",
                "machine",
                "--output-schema",
                "json",
                forma.pklFile().toString())));
    }

    @Override
    public String destroy(Forma forma) {
        return commandId(run(List.of(
                "destroy",
                "--yes",
                "--output-consumer",
                "machine",
                "--output-schema",
                "json",
                forma.pklFile().toString())));
    }

    @Override
    public String destroyByQuery(String query) {
        return commandId(run(List.of(
                "destroy", "--query", query, "--yes", "--output-consumer", "machine", "--output-schema", "json")));
    }

    private String commandId(Result result) {
        JsonNode answer = json(result, "formae machine output");
        String id = answer.path("CommandId").asText();
        // The CLI's machine output of apply and destroy is {"CommandId": ...} only (0.83.0), without the
        // simulation: a forma with nothing to change gets an id the agent never stores, so an answer that
        // does not say ChangesRequired: true may be one.
        JsonNode changes = answer.path("Simulation").path("ChangesRequired");
        if (!(changes.isBoolean() && changes.asBoolean())) {
            noChanges.add(id);
        }
        return id;
    }

    /** The machine JSON of {@code result}'s stdout; lines printed before or after it are kept as diagnostics. */
    private JsonNode json(Result result, String what) {
        MachineOutput.Split split = MachineOutput.split(result.stdout());
        split.diagnostics()
                .forEach(d -> diagnostics.add(String.join(" ", result.command().subList(1, 2)) + ": " + d));
        return StatusJson.parse(split.json(), what);
    }

    @Override
    public Optional<CommandStatus> status(String commandId) {
        return statusQuery("id:" + commandId, 1).stream()
                .filter(c -> c.commandId().equals(commandId))
                .findFirst();
    }

    /** Note: Formae's CLI forces {@code MaxResults = 1} for the machine consumer, so at most one comes back. */
    @Override
    public List<CommandStatus> statusQuery(String query, int maxResults) {
        Result result = runAllowingFailure(List.of(
                "status",
                "command",
                "--query",
                query,
                "--max-results",
                Integer.toString(maxResults),
                "--output-consumer",
                "machine",
                "--output-schema",
                "json"));
        if (result.exitCode() != 0) {
            if (looksLikeNotFound(result)) {
                return List.of();
            }
            throw result.failure();
        }
        return StatusJson.commands(json(result, "formae status command output"));
    }

    @Override
    public List<String> cancel(String query) {
        // Left at cancel's default schema (yaml) on purpose: it is what the CLI prints unless told otherwise.
        Result result = runAllowingFailure(List.of("cancel", "--query", query, "--output-consumer", "machine"));
        if (result.exitCode() != 0) {
            if (looksLikeNotFound(result)) {
                return List.of();
            }
            throw result.failure();
        }
        return MachineOutput.commandIds(result.stdout());
    }

    @Override
    public Inventory inventory(String query) {
        Result result = runAllowingFailure(List.of(
                "inventory",
                "resources",
                "--query",
                query,
                "--max-results",
                Integer.toString(INVENTORY_MAX_RESULTS),
                "--output-consumer",
                "machine",
                "--output-schema",
                "json"));
        if (result.exitCode() != 0) {
            if (looksLikeNotFound(result)) {
                return new Inventory(query, List.of());
            }
            throw result.failure();
        }
        JsonNode root = json(result, "formae inventory output");
        return StatusJson.inventory(query, root);
    }

    @Override
    public void synchronize() {
        api.synchronize();
    }

    @Override
    public boolean isHealthy() {
        return api.isHealthy();
    }

    @Override
    public String describe() {
        return "formae CLI " + binary + " (agent API " + api.baseUri() + ")";
    }

    private static boolean looksLikeNotFound(Result result) {
        String text = (result.stdout() + " " + result.stderr()).toLowerCase(Locale.ROOT);
        return text.contains("404")
                || text.contains("not found")
                || text.contains("no commands")
                || text.contains("cannot be extracted")
                || text.contains("no forma commands found")
                || text.contains("nothing to cancel");
    }

    Result run(List<String> args) {
        Result result = runAllowingFailure(args);
        if (result.exitCode() != 0) {
            throw result.failure();
        }
        return result;
    }

    Result runAllowingFailure(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(args);
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new FormaeApiException(
                        String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s", -1, "Timeout");
            }
            return new Result(command, process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + binary, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FormaeApiException(String.join(" ", command) + " interrupted", -1, "Interrupted");
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Result(List<String> command, int exitCode, String stdout, String stderr) {
        FormaeApiException failure() {
            String text = stderr.isBlank() ? stdout : stderr;
            return new FormaeApiException(
                    String.join(" ", command) + " exited " + exitCode + ": " + reason(text), exitCode, errorName(text));
        }
    }

    private static final Pattern ERROR_LINE = Pattern.compile("(?m)^\\s*(Error|error|ERROR)\\b.*$");
    private static final Pattern ERROR_NAME = Pattern.compile("\\b([A-Z][a-z]+(?:[A-Z][a-z]+)+)\\b");

    /**
     * The failure text with its reason first: 0.75.6 prints the usage block before the {@code Error: ...} line,
     * so the {@code Error} lines lead and the rest follows, abbreviated.
     */
    static String reason(String text) {
        List<String> errors = new ArrayList<>();
        Matcher m = ERROR_LINE.matcher(text);
        while (m.find()) {
            errors.add(m.group().strip());
        }
        if (errors.isEmpty()) {
            return StatusJson.abbreviate(text);
        }
        String rest = ERROR_LINE.matcher(text).replaceAll("").strip();
        return String.join("; ", errors) + (rest.isEmpty() ? "" : " (output: " + StatusJson.abbreviate(rest) + ")");
    }

    /** The agent's error name in the {@code Error} lines (e.g. {@code ConflictingCommands}), or empty. */
    static String errorName(String text) {
        Matcher lines = ERROR_LINE.matcher(text);
        while (lines.find()) {
            Matcher name = ERROR_NAME.matcher(lines.group());
            while (name.find()) {
                if (!name.group(1).equals("Error")) {
                    return name.group(1);
                }
            }
        }
        return "";
    }
}
