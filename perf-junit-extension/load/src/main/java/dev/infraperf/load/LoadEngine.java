package dev.infraperf.load;

import dev.infraperf.config.PerfConfig;
import dev.infraperf.reports.model.LoadModel;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.apiguardian.api.API;

/**
 * The load engine without JUnit: runs one phase against a target and returns its judged {@link PhaseResult}, for
 * benchmarks, tools and tests that pick their own target. {@link LoadPhase} is the annotation front end of the same
 * engine. Durations here are taken as given ({@code perf.timeScale} is not applied).
 *
 * <pre>{@code
 * PhaseResult result = LoadEngine.run(URI.create("http://127.0.0.1:8081"),
 *         LoadEngine.Phase.open("steady", 100, Duration.ofSeconds(20), HealthUser.class));
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class LoadEngine {
    private LoadEngine() {}

    /** One phase to run; immutable, each {@code with} method returns a copy. */
    public static final class Phase {
        private final PhasePlan plan;
        private final boolean progress;

        private Phase(PhasePlan plan, boolean progress) {
            this.plan = plan;
            this.progress = progress;
        }

        /** A closed-model phase: {@code users} started at {@code spawnRate} per second. */
        public static Phase closed(
                String name, int users, double spawnRate, Duration duration, Class<? extends VirtualUser> user) {
            return new Phase(PhasePlan.closed(name, users, spawnRate, duration, user), false);
        }

        /** An open-model phase: tasks started at {@code rate} per second. */
        public static Phase open(String name, double rate, Duration duration, Class<? extends VirtualUser> user) {
            return new Phase(PhasePlan.open(name, rate, duration, user), false);
        }

        /**
         * Open model: ramps the rate linearly to {@code rate} by the end of the phase.
         *
         * @throws IllegalArgumentException for a closed phase or a rate that is not &gt; 0
         */
        public Phase rampTo(double rate) {
            if (plan.model() != LoadModel.OPEN) {
                throw new IllegalArgumentException(
                        "rampTo is only for open-model phases; phase \"" + plan.name() + "\" is closed");
            }
            return new Phase(plan.withRampTo(rate), progress);
        }

        public Phase requestTimeout(Duration timeout) {
            return new Phase(plan.withRequestTimeout(timeout), progress);
        }

        /** Open model: arrivals beyond this many tasks in flight are dropped. */
        public Phase maxInFlight(int max) {
            if (plan.model() != LoadModel.OPEN) {
                throw new IllegalArgumentException(
                        "maxInFlight is only for open-model phases; phase \"" + plan.name() + "\" is closed");
            }
            return new Phase(plan.withMaxInFlight(max), progress);
        }

        /**
         * Size of the keep-alive connection pool the users share (socket client); default {@value
         * LoadPhase#CONNECTIONS_KEY} when set, else one connection per user (closed) or task in flight (open), at most
         * 10,000. See {@link LoadPhase#connections()}.
         */
        public Phase connections(int size) {
            if (size < 1) {
                throw new IllegalArgumentException(
                        "connections of phase \"" + plan.name() + "\" must be >= 1, not " + size);
            }
            return new Phase(plan.withConnections(size), progress);
        }

        public Phase hooks(PhaseHook... hooks) {
            return new Phase(plan.withHooks(List.of(hooks)), progress);
        }

        /** Uses the JDK HttpClient instead of the default socket client. */
        public Phase jdkClient() {
            return new Phase(plan.withClient(PhasePlan.ClientKind.JDK), progress);
        }

        /** Prints a progress line per second on standard output. */
        public Phase withProgress() {
            return new Phase(plan, true);
        }

        LoadModel model() {
            return plan.model();
        }
    }

    /**
     * Runs {@code phase} against {@code target} ({@code http} or {@code https}, verified against the JVM's default
     * trust) and judges it with the guide's default thresholds.
     */
    public static PhaseResult run(URI target, Phase phase) {
        Consumer<String> progress = phase.progress ? System.out::println : null;
        TargetResolution.parse(target.toString(), "LoadEngine.run target [" + target + "]");
        PerfConfig config = PerfConfig.fromSystem();
        PhasePlan plan = phase.plan.connections() > 0
                ? phase.plan
                : phase.plan.withConnections(PhaseAnnotations.connections(config));
        return PhaseDispatchers.runAndJudge(
                plan, target, TlsTrust.defaults(), ThresholdSpec.DEFAULT, progress, phase.plan.name(), config);
    }
}
