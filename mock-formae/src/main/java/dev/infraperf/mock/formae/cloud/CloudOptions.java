package dev.infraperf.mock.formae.cloud;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Start-up options of the simulated cloud.
 *
 * @param port TCP port on 127.0.0.1; 0 picks a free one
 * @param dataFile journal file that keeps the state across restarts, or null for memory only
 * @param latencyScale factor on the default per-type latencies; 0 makes every operation instant
 * @param rateLimit operations per second allowed per namespace before HTTP 429; 0 is no limit
 * @param region region used in ARNs and quotas
 */
public record CloudOptions(int port, Path dataFile, double latencyScale, double rateLimit, String region) {

    public CloudOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("[" + port + "] is not a port for --port; use 0..65535 (0 = free port)");
        }
        if (!(latencyScale >= 0) || Double.isInfinite(latencyScale)) {
            throw new IllegalArgumentException(
                    "[" + latencyScale + "] is not a latency scale for --latency-scale; use a number >= 0");
        }
        if (!(rateLimit >= 0) || Double.isInfinite(rateLimit)) {
            throw new IllegalArgumentException(
                    "[" + rateLimit + "] is not a rate for --rate-limit; use N/s with N >= 0, or off");
        }
        if (region == null || region.isBlank()) {
            region = "us-east-1";
        }
    }

    /** Free port, memory only, real-ish latencies, no throttling, us-east-1. */
    public static CloudOptions defaults() {
        return new CloudOptions(0, null, 1.0, 0, "us-east-1");
    }

    public CloudOptions withPort(int newPort) {
        return new CloudOptions(newPort, dataFile, latencyScale, rateLimit, region);
    }

    public CloudOptions withDataFile(Path file) {
        return new CloudOptions(port, file, latencyScale, rateLimit, region);
    }

    public CloudOptions withLatencyScale(double scale) {
        return new CloudOptions(port, dataFile, scale, rateLimit, region);
    }

    public CloudOptions withRateLimit(double operationsPerSecond) {
        return new CloudOptions(port, dataFile, latencyScale, operationsPerSecond, region);
    }

    public CloudOptions withRegion(String newRegion) {
        return new CloudOptions(port, dataFile, latencyScale, rateLimit, newRegion);
    }

    /**
     * Parses a rate such as {@code 2/s}, {@code 2}, {@code 0.5/s} or {@code off}.
     *
     * @throws IllegalArgumentException naming the value and the accepted forms
     */
    public static double parseRate(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("off") || t.equals("none")) {
            return 0;
        }
        if (t.endsWith("/s")) {
            t = t.substring(0, t.length() - 2).trim();
        }
        try {
            double rate = Double.parseDouble(t);
            if (rate >= 0 && !Double.isInfinite(rate)) {
                return rate;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted forms
        }
        throw new IllegalArgumentException(
                "[" + text + "] is not a rate for --rate-limit; use N/s (e.g. 2/s), a number, or off");
    }
}
