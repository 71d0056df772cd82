package dev.infraperf.load;

import dev.infraperf.reports.model.Bottleneck;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * The outcome of all {@link LoadPhase}s of one test method, in order, injectable into the test method.
 *
 * <p>{@link #bottleneck()} names the phase where throughput stops growing with users while latency grows (see {@link
 * Bottlenecks} for the rule) with the figures that show it.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class LoadResult {

    private final List<PhaseResult> phases;
    private final Optional<Bottleneck> bottleneck;
    private final double timeScale;
    private final ResolvedTarget target;

    LoadResult(List<PhaseResult> phases, Optional<Bottleneck> bottleneck, double timeScale, ResolvedTarget target) {
        this.phases = List.copyOf(phases);
        this.bottleneck = bottleneck;
        this.timeScale = timeScale;
        this.target = target;
    }

    /** The phases in the order they ran. */
    public List<PhaseResult> phases() {
        return phases;
    }

    /**
     * The phase named {@code name}.
     *
     * @throws IllegalArgumentException naming the phases that exist
     */
    public PhaseResult phase(String name) {
        return phases.stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no phase named [" + name + "]; phases: "
                        + phases.stream().map(p -> "\"" + p.name() + "\"").collect(Collectors.joining(", "))));
    }

    /** The limiting point, if the phases show one. */
    public Optional<Bottleneck> bottleneck() {
        return bottleneck;
    }

    /** The {@code perf.timeScale} the phases ran with (1 = durations as written). */
    public double timeScale() {
        return timeScale;
    }

    /** The target the phases ran against and how it was resolved. */
    public ResolvedTarget target() {
        return target;
    }

    /** The verdict table, one row per phase, as printed after the run. */
    public String verdictTable() {
        return VerdictTable.render(phases, bottleneck, timeScale);
    }

    @Override
    public String toString() {
        return verdictTable();
    }
}
