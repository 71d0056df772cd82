package dev.infraperf.reports.model;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Everything one perf run produced: the root of {@code experiment_summary.json}.
 *
 * @param runId unique id, also the run directory's name; letters, digits, {@code . _ -} only
 * @param testName the test (class or display name); the history compares runs of the same test
 * @param startedAt when the run started
 * @param elapsed how long it took
 * @param gitCommit commit of the code under test or of the harness, if known
 * @param config effective {@code perf.*} settings (secrets are masked by the renderers)
 * @param timeScale {@code perf.timeScale} applied to every duration (1 = as written)
 * @param resourceScale {@code perf.resourceScale} applied to resource counts (1 = as written)
 * @param resolutions one line per external part saying which one was used, e.g. {@code Redis:
 *     redis-server 7.0.15 started on 127.0.0.1:41234 (no REDIS_URL, no Docker)}
 * @param phases load phases in order
 * @param bottleneck the limiting resource, if one was identified
 * @param cycles Formae cycles in order
 * @param checks regression-check outcomes
 * @param notes free text for the history's Notes column
 */
public record RunResult(
        String runId,
        String testName,
        Instant startedAt,
        Duration elapsed,
        Optional<String> gitCommit,
        Map<String, String> config,
        double timeScale,
        double resourceScale,
        List<String> resolutions,
        List<PhaseResult> phases,
        Optional<Bottleneck> bottleneck,
        List<CycleResult> cycles,
        List<CheckOutcome> checks,
        String notes) {
    private static final String NAME = "RunResult";
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9._-]+");
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    public RunResult {
        Checks.notBlank(runId, NAME, "runId");
        if (!RUN_ID.matcher(runId).matches() || runId.startsWith(".")) {
            throw new IllegalArgumentException(NAME + ".runId is a directory name: use letters, digits, '.', '_' and"
                    + " '-' (not starting with '.'), found [" + runId + "]");
        }
        Checks.notBlank(testName, NAME, "testName");
        Checks.notNull(startedAt, NAME, "startedAt");
        Checks.notNull(elapsed, NAME, "elapsed");
        gitCommit = gitCommit == null ? Optional.empty() : gitCommit;
        config = Collections.unmodifiableMap(new TreeMap<>(Checks.map(config, NAME, "config")));
        if (!(timeScale > 0) || Double.isInfinite(timeScale)) {
            throw new IllegalArgumentException(NAME + ".timeScale must be > 0, found " + timeScale);
        }
        if (!(resourceScale > 0) || Double.isInfinite(resourceScale)) {
            throw new IllegalArgumentException(NAME + ".resourceScale must be > 0, found " + resourceScale);
        }
        resolutions = Checks.list(resolutions, NAME, "resolutions");
        phases = Checks.list(phases, NAME, "phases");
        List<String> names = new ArrayList<>();
        for (PhaseResult p : phases) {
            if (names.contains(p.name())) {
                throw new IllegalArgumentException(
                        NAME + ".phases must have unique names (they name files), found [" + p.name() + "] twice");
            }
            names.add(p.name());
        }
        bottleneck = bottleneck == null ? Optional.empty() : bottleneck;
        cycles = Checks.list(cycles, NAME, "cycles");
        checks = Checks.list(checks, NAME, "checks");
        notes = notes == null ? "" : notes;
    }

    /**
     * A run id from the start time and test name, e.g. {@code 20261122-183012-ThroughputScenario}:
     * the name made file-safe by {@link #safeName(String)}.
     */
    public static String newRunId(String testName, Instant startedAt) {
        String safe = safeName(testName);
        return ID_TIME.format(startedAt) + (safe.isEmpty() ? "" : "-" + safe);
    }

    /** Longest name part of a run id; longer names are shortened at a word boundary plus a hash. */
    public static final int MAX_NAME = 80;

    /**
     * A file-safe form of a test name: characters other than letters, digits, {@code . _ -} become
     * {@code _}; a name longer than {@value #MAX_NAME} is cut at the last word boundary ({@code _},
     * {@code -} or {@code .}) that fits and gets {@code --} and 8 hex digits of the full name's hash,
     * so names stay whole words and distinct.
     */
    public static String safeName(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]+", "_")
                .replaceAll("^[._]+", "")
                .replaceAll("_+$", "");
        if (safe.length() <= MAX_NAME) {
            return safe;
        }
        String hash = String.format(java.util.Locale.ROOT, "%08x", safe.hashCode());
        int room = MAX_NAME - hash.length() - 1;
        int cut = room;
        for (int i = room; i > room / 2; i--) {
            char c = safe.charAt(i);
            if (c == '_' || c == '-' || c == '.') {
                cut = i;
                break;
            }
        }
        return safe.substring(0, cut) + "--" + hash;
    }

    /** The worst verdict level of all phases, {@link Level#GOOD} when none. */
    public Level worstLevel() {
        Level worst = Level.GOOD;
        for (PhaseResult p : phases) {
            if (p.worstLevel().isAtLeast(worst)) {
                worst = p.worstLevel();
            }
        }
        return worst;
    }

    /**
     * The history row of this run: for Formae runs the apply commands' resources and success / failed
     * shares, otherwise the load phases' requests.
     */
    public HistoryRow toHistoryRow() {
        long count;
        double success;
        double failed;
        String unit;
        List<CommandOutcome> applies = cycles.stream()
                .map(c -> c.command("apply"))
                .flatMap(Optional::stream)
                .toList();
        if (!applies.isEmpty()) {
            unit = "resources";
            long total = applies.stream().mapToLong(CommandOutcome::total).sum();
            long ok = applies.stream().mapToLong(c -> c.count("Success")).sum();
            long bad = applies.stream()
                    .mapToLong(c -> c.count("Failed") + c.count("Rejected"))
                    .sum();
            count = cycles.stream().mapToLong(CycleResult::resourceCount).sum();
            success = total == 0 ? 0 : 100.0 * ok / total;
            failed = total == 0 ? 0 : 100.0 * bad / total;
        } else {
            unit = "requests";
            RequestCounts all =
                    phases.stream().map(PhaseResult::counts).reduce(RequestCounts.none(), RequestCounts::plus);
            count = all.issued();
            success = all.successPercent();
            failed = all.failurePercent();
        }
        OptionalLong p99 = phases.stream()
                .filter(p -> p.counts().issued() > 0)
                .mapToLong(p -> p.corrected().count() > 0
                        ? p.corrected().p99Nanos()
                        : p.raw().p99Nanos())
                .max();
        return new HistoryRow(startedAt, testName, runId, count, unit, success, failed, elapsed, p99, notes);
    }

    /** A builder; {@code runId}, {@code testName} and {@code startedAt} are required. */
    public static Builder builder(String runId, String testName, Instant startedAt) {
        return new Builder(runId, testName, startedAt);
    }

    /** Collects the parts of a {@link RunResult}; not thread-safe. */
    public static final class Builder {
        private final String runId;
        private final String testName;
        private final Instant startedAt;
        private Duration elapsed = Duration.ZERO;
        private String gitCommit;
        private final Map<String, String> config = new LinkedHashMap<>();
        private double timeScale = 1;
        private double resourceScale = 1;
        private final List<String> resolutions = new ArrayList<>();
        private final List<PhaseResult> phases = new ArrayList<>();
        private Bottleneck bottleneck;
        private final List<CycleResult> cycles = new ArrayList<>();
        private final List<CheckOutcome> checks = new ArrayList<>();
        private String notes = "";

        private Builder(String runId, String testName, Instant startedAt) {
            this.runId = runId;
            this.testName = testName;
            this.startedAt = startedAt;
        }

        public Builder elapsed(Duration value) {
            this.elapsed = value;
            return this;
        }

        public Builder gitCommit(String value) {
            this.gitCommit = value;
            return this;
        }

        public Builder config(Map<String, String> values) {
            config.putAll(values);
            return this;
        }

        public Builder config(String key, String value) {
            config.put(key, value);
            return this;
        }

        public Builder scales(double time, double resource) {
            this.timeScale = time;
            this.resourceScale = resource;
            return this;
        }

        public Builder resolution(String line) {
            resolutions.add(line);
            return this;
        }

        public Builder phase(PhaseResult value) {
            phases.add(value);
            return this;
        }

        public Builder bottleneck(Bottleneck value) {
            this.bottleneck = value;
            return this;
        }

        public Builder cycle(CycleResult value) {
            cycles.add(value);
            return this;
        }

        public Builder check(CheckOutcome value) {
            checks.add(value);
            return this;
        }

        public Builder notes(String value) {
            this.notes = value;
            return this;
        }

        public RunResult build() {
            return new RunResult(
                    runId,
                    testName,
                    startedAt,
                    elapsed,
                    Optional.ofNullable(gitCommit),
                    config,
                    timeScale,
                    resourceScale,
                    resolutions,
                    phases,
                    Optional.ofNullable(bottleneck),
                    cycles,
                    checks,
                    notes);
        }
    }
}
