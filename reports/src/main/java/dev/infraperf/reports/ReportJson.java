package dev.infraperf.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.infraperf.reports.model.PhaseResult;
import dev.infraperf.reports.model.RunResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes {@code experiment_summary.json}: the {@link RunResult} with snake_case names,
 * ISO-8601 instants and durations, latencies in nanoseconds, plus derived figures the reader would
 * otherwise compute ({@code requests_per_second}, {@code success_percent}, {@code worst_level}). The
 * schema is {@code docs/experiment_summary.schema.json}.
 */
public final class ReportJson {
    /** Version of the JSON layout; bumped on incompatible changes. */
    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private ReportJson() {}

    /** The mapper used for the summary and the history (snake_case, java.time, Optional). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The summary tree of {@code run}, masked, with schema version and derived figures. */
    public static ObjectNode toTree(RunResult run) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schema", "https://infraperf.dev/schemas/experiment_summary-v" + SCHEMA_VERSION + ".json");
        root.put("schema_version", SCHEMA_VERSION);
        ObjectNode body = MAPPER.valueToTree(run);
        root.setAll(body);
        root.put("worst_level", run.worstLevel().name());
        ArrayNode phases = (ArrayNode) root.get("phases");
        for (int i = 0; i < run.phases().size(); i++) {
            PhaseResult phase = run.phases().get(i);
            ObjectNode node = (ObjectNode) phases.get(i);
            node.put("requests_per_second", phase.requestsPerSecond());
            node.put("success_percent", phase.counts().successPercent());
            node.put("failure_percent", phase.counts().failurePercent());
            node.put("worst_level", phase.worstLevel().name());
            node.put("histogram_log", ReportFiles.histogramLog(phase));
            if (phase.scheduleError() == null) {
                node.remove("schedule_error"); // a phase without a schedule (closed model)
            }
        }
        SecretMask.maskTree(root);
        return root;
    }

    /** Writes the masked summary of {@code run} to {@code file}. */
    public static void write(RunResult run, Path file) {
        write(toTree(run), file);
    }

    /** Writes a JSON tree to {@code file}, creating parent directories. */
    public static void write(JsonNode tree, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            MAPPER.writeValue(file.toFile(), tree);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Reads a run from an {@code experiment_summary.json} (without interval histograms). */
    public static RunResult read(Path file) {
        try {
            return MAPPER.readValue(file.toFile(), RunResult.class);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    file + " is not a readable experiment_summary.json (schema version " + SCHEMA_VERSION + "): "
                            + e.getMessage(),
                    e);
        }
    }

    /** Converts a tree back into a run (used to render masked copies). */
    public static RunResult fromTree(JsonNode tree) {
        try {
            return MAPPER.treeToValue(tree, RunResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("summary tree does not map back to RunResult: " + e.getMessage(), e);
        }
    }
}
