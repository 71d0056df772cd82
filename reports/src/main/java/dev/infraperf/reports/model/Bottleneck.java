package dev.infraperf.reports.model;

import java.util.List;

/**
 * The resource that limits a run, as identified from its phases (for example throughput that
 * plateaus while latency grows with users).
 *
 * @param kind short class of bottleneck, e.g. {@code fixed-capacity}, {@code compute}, {@code api-throttling}
 * @param summary one sentence for the report
 * @param evidence the figures that support it, one per line
 */
public record Bottleneck(String kind, String summary, List<String> evidence) {
    private static final String NAME = "Bottleneck";

    public Bottleneck {
        Checks.notBlank(kind, NAME, "kind");
        Checks.notBlank(summary, NAME, "summary");
        evidence = Checks.list(evidence == null ? List.of() : evidence, NAME, "evidence");
    }
}
