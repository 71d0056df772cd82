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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The CLI face of the driver: runs a {@code formae} binary with {@code --output-consumer machine}
 * and reads its output (compact JSON, or YAML where a command defaults to it, as {@code cancel}
 * does). Synchronization has no public CLI verb, so it and the health check go through the agent's
 * REST API.
 */
public final class CliFormaeClient implements FormaeClient {

    private static final long TIMEOUT_SECONDS = 300;
    private static final int INVENTORY_MAX_RESULTS = 100_000;

    private final Path binary;
    private final RestFormaeClient api;

    /**
     * A client running {@code binary}; {@code api} is used for what the CLI has no verb for
     * ({@code POST /api/v1/admin/synchronize}, the health check).
     */
    public CliFormaeClient(Path binary, RestFormaeClient api) {
        this.binary = binary;
        this.api = api;
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

    private static String commandId(Result result) {
        return StatusJson.parse(result.stdout(), "formae machine output")
                .path("CommandId")
                .asText();
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
        return StatusJson.commands(StatusJson.parse(result.stdout(), "formae status command output"));
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
        JsonNode root = StatusJson.parse(result.stdout(), "formae inventory output");
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
            Process process = new ProcessBuilder(command).start();
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
            return new FormaeApiException(
                    String.join(" ", command) + " exited " + exitCode + ": "
                            + StatusJson.abbreviate(stderr.isBlank() ? stdout : stderr),
                    exitCode,
                    "");
        }
    }
}
