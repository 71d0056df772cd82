package dev.infraperf.reports.model;

/**
 * Statistics of one endpoint (Locust's "Type" + "Name" row) within a phase.
 *
 * @param name request name as shown in reports, e.g. {@code /webhook}
 * @param method request type, e.g. {@code POST}
 * @param counts what happened to its requests
 * @param raw latencies as measured from the actual send (service time), nanoseconds
 * @param corrected latencies corrected for coordinated omission (from the intended start), nanoseconds
 * @param averageContentSizeBytes mean response body size in bytes, 0 when unknown
 */
public record EndpointStats(
        String name,
        String method,
        RequestCounts counts,
        LatencySummary raw,
        LatencySummary corrected,
        double averageContentSizeBytes) {
    private static final String NAME = "EndpointStats";

    public EndpointStats {
        Checks.notBlank(name, NAME, "name");
        method = method == null ? "" : method;
        Checks.notNull(counts, NAME, "counts");
        Checks.notNull(raw, NAME, "raw");
        Checks.notNull(corrected, NAME, "corrected");
        Checks.nonNegative(averageContentSizeBytes, NAME, "averageContentSizeBytes");
    }
}
