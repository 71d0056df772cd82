package dev.infraperf.scenarios.terrafix;

import dev.infraperf.load.Task;
import dev.infraperf.load.WaitTime;
import dev.infraperf.terrafix.FailurePayloads;
import dev.infraperf.terrafix.TerraFixUser;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The original {@code CascadeUser}: the cascade factor grows by one per minute of the phase ({@code 1 + elapsed /
 * 60 s}), batches grow with it ({@code min(2 * factor, 50)} failures) and waits shrink ({@code max(0.1 s, 2 s /
 * factor) + U(0, 0.5 s)}). The phase clock is divided by {@code perf.timeScale}, so a shortened run keeps the shape of
 * the full one.
 */
class CascadeUser extends TerraFixUser {

    double cascadeFactor() {
        double phaseSeconds = elapsed().toNanos() / 1e9 / timeScale();
        return 1.0 + phaseSeconds / 60.0;
    }

    @Override
    protected WaitTime waitTime() {
        return WaitTime.of(
                () -> Duration.ofNanos((long) ((Math.max(0.1, 2.0 / cascadeFactor())
                                + ThreadLocalRandom.current().nextDouble(0, 0.5))
                        * 1e9)),
                "max(0.1s, 2s / cascade factor) + U(0, 0.5s)");
    }

    @Task
    void submitCascadingFailures() {
        int batchSize = Math.min((int) (cascadeFactor() * 2), 50);
        if (batchSize > 1) {
            submitBatch(batchSize, DEFAULT_SIZE, "/batch [cascade-" + batchSize + "]");
        } else {
            submitFailure(FailurePayloads.failureJson(DEFAULT_SIZE), "/webhook [cascade]");
        }
    }
}
