package dev.infraperf.mock.formae.cloud;

/**
 * Answer of {@code GET /cloud/v1/health}.
 *
 * @param status {@code ok}
 * @param region the cloud's region
 * @param resources resources held
 * @param inFlight operations in progress
 * @param latencyScale the scale applied to default latencies
 * @param dataFile the journal file, or null when in memory only
 */
public record CloudHealth(
        String status, String region, int resources, int inFlight, double latencyScale, String dataFile) {}
