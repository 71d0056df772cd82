package dev.infraperf.load;

import dev.infraperf.reports.model.Breach;
import dev.infraperf.reports.model.EndpointStats;
import dev.infraperf.reports.model.FailureSample;
import dev.infraperf.reports.model.IntervalStats;
import dev.infraperf.reports.model.LatencySummary;
import dev.infraperf.reports.model.Level;
import dev.infraperf.reports.model.RequestCounts;
import dev.infraperf.reports.model.Verdict;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;
import org.assertj.core.api.AssertProvider;

/**
 * The outcome of one {@link LoadPhase}: request accounting, latencies (raw and corrected for coordinated omission, in
 * nanoseconds internally), per-interval rates, failures and the verdicts of its {@link Thresholds}. Immutable.
 * {@code assertThat(phase)} (AssertJ) gives a {@link PhaseResultAssert}.
 *
 * <p>Accounting: {@code issued() == succeeded() + failed() + timedOut() + dropped()} always holds.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class PhaseResult implements AssertProvider<PhaseResultAssert> {

    private final PhaseRun run;
    private final dev.infraperf.reports.model.PhaseResult model;
    private final Level failOn;

    PhaseResult(PhaseRun run, dev.infraperf.reports.model.PhaseResult judged, Level failOn) {
        this.run = run;
        this.model = judged;
        this.failOn = failOn;
    }

    /** The phase name. */
    public String name() {
        return model.name();
    }

    /** The record the reports render (JSON, HTML, Locust CSV, HdrHistogram log). */
    public dev.infraperf.reports.model.PhaseResult model() {
        return model;
    }

    /** Request counts: {@code issued = succeeded + failed + timedOut + dropped}. */
    public RequestCounts counts() {
        return model.counts();
    }

    public long issued() {
        return model.counts().issued();
    }

    public long succeeded() {
        return model.counts().succeeded();
    }

    /** Requests that failed with a status, connection or validation error. */
    public long failed() {
        return model.counts().failed();
    }

    /** Requests without a complete answer within the request timeout, or cancelled when the phase ended. */
    public long timedOut() {
        return model.counts().timedOut();
    }

    /** Open model: arrivals that could not start (too many in flight); 0 in the closed model. */
    public long dropped() {
        return model.counts().dropped();
    }

    /** Succeeded / issued, 0-1; 0 when nothing was issued. */
    public double successRate() {
        return issued() == 0 ? 0 : (double) succeeded() / issued();
    }

    /** Completed requests (succeeded, failed or timed out) per second of the phase. */
    public double throughput() {
        double seconds = model.elapsed().toNanos() / 1e9;
        RequestCounts c = model.counts();
        return seconds == 0 ? 0 : (c.succeeded() + c.failed() + c.timedOut()) / seconds;
    }

    /** How long the phase ran (planned duration plus at most one second to stop). */
    public Duration elapsed() {
        return model.elapsed();
    }

    /** Median latency, corrected for coordinated omission when the engine can correct (see {@link #corrected()}). */
    public Duration p50() {
        return Duration.ofNanos(model.corrected().p50Nanos());
    }

    public Duration p95() {
        return Duration.ofNanos(model.corrected().p95Nanos());
    }

    public Duration p99() {
        return Duration.ofNanos(model.corrected().p99Nanos());
    }

    public Duration max() {
        return Duration.ofNanos(model.corrected().maxNanos());
    }

    /** Latencies measured from each request's actual send (service time). */
    public LatencySummary raw() {
        return model.raw();
    }

    /**
     * Latencies corrected for coordinated omission: from the intended start in the open model, back-filled with
     * HdrHistogram's expected-interval correction for paced closed-model users; equal to {@link #raw()} (and flagged
     * uncorrected) for closed-model users without pacing, which have no schedule to correct against.
     */
    public LatencySummary corrected() {
        return model.corrected();
    }

    /** Per request name statistics, like Locust's rows, by name. */
    public Map<String, EndpointStats> requests() {
        Map<String, EndpointStats> byName = new LinkedHashMap<>();
        model.endpoints().forEach(e -> byName.put(e.name(), e));
        return byName;
    }

    /** Issued requests of one name, 0 when none. */
    public long issued(String requestName) {
        EndpointStats e = requests().get(requestName);
        return e == null ? 0 : e.counts().issued();
    }

    /** Failed and timed-out requests per class: {@code status}, {@code connection}, {@code validation}, {@code timeout}. */
    public Map<String, Long> failuresPerClass() {
        return run.failuresPerClass();
    }

    /** Distinct failure messages with their counts. */
    public List<FailureSample> failures() {
        return model.failures();
    }

    /** One row per second of the phase. */
    public List<IntervalStats> intervals() {
        return model.intervals();
    }

    /** Exceptions thrown by tasks (not by requests), with counts. */
    public List<String> taskErrors() {
        return run.taskErrors();
    }

    /** Notes added by hooks. */
    public List<String> notes() {
        return run.notes();
    }

    /** When a hook {@linkplain PhaseContext#mark(String) marked} {@code label}, as an offset from the phase start. */
    public Optional<Duration> mark(String label) {
        return Optional.ofNullable(run.marks().get(label));
    }

    /**
     * Time from {@code from} (offset from the phase start) until the first one-second interval, starting at or after
     * it, whose success rate is above {@code successRate} and stays above it in the interval after (when there is
     * one); empty when that never happens within the phase.
     */
    public Optional<Duration> recoveryTime(Duration from, double successRate) {
        List<IntervalStats> rows = model.intervals();
        for (int i = 0; i < rows.size(); i++) {
            IntervalStats row = rows.get(i);
            if (row.offset().compareTo(from) < 0 || !healthy(row, successRate)) {
                continue;
            }
            if (i + 1 < rows.size() && !healthy(rows.get(i + 1), successRate)) {
                continue;
            }
            return Optional.of(row.offset().plus(row.length()).minus(from));
        }
        return Optional.empty();
    }

    private static boolean healthy(IntervalStats row, double successRate) {
        return row.requests() > 0 && (double) (row.requests() - row.failures()) / row.requests() > successRate;
    }

    /** The Good / Warning / Critical verdicts: P50, P95 (if judged), P99, success rate, throughput. */
    public List<Verdict> verdicts() {
        return model.verdicts();
    }

    /** Every metric that is not Good. */
    public List<Breach> breaches() {
        return model.breaches();
    }

    /** Breaches at or above the phase's {@link Thresholds#failOn()}: these fail the test. */
    public List<Breach> failingBreaches() {
        return model.breaches().stream()
                .filter(b -> b.level().isAtLeast(failOn))
                .toList();
    }

    /**
     * The trend of the phase's throughput, judged from its one-second interval rates after the ramp-up (the first
     * intervals while users are still being started are left out, and so is a last partial interval):
     *
     * <ul>
     *   <li>fewer than 3 such intervals: {@code Not judged} (level {@code NOT_JUDGED}: neutral, never Good);
     *   <li>{@code Declining} (Critical): with at least 6 intervals, the requests completed in the last third are
     *       more than 20% below those of the first third, and the drop is beyond chance (z = (first - last) /
     *       sqrt(first + last) &gt; 3, treating counts as Poisson); also when no request completed at all;
     *   <li>{@code Fluctuating} (Warning): the coefficient of variation of the interval rates is above 0.25 and their
     *       variance is more than twice their mean (more spread than random arrivals at that rate give);
     *   <li>{@code Stable} (Good) otherwise.
     * </ul>
     *
     * Returns the verdict's detail, e.g. {@code Stable (coefficient of variation 0.04 over 297 intervals)}.
     */
    public String throughputTrend() {
        return model.verdicts().stream()
                .filter(v -> v.metric().equals("Throughput"))
                .map(Verdict::detail)
                .findFirst()
                .orElse("Not judged");
    }

    @Override
    public PhaseResultAssert assertThat() {
        return new PhaseResultAssert(this);
    }

    @Override
    public String toString() {
        return String.format(
                java.util.Locale.ROOT,
                "phase \"%s\": %d issued, %d succeeded, %d failed, %d timed out, %d dropped; p50 %s, p99 %s; %.1f"
                        + " req/s",
                name(),
                issued(),
                succeeded(),
                failed(),
                timedOut(),
                dropped(),
                Formats.millis(model.corrected().p50Nanos()),
                Formats.millis(model.corrected().p99Nanos()),
                throughput());
    }
}
