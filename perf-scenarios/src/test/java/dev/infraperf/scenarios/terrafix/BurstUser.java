package dev.infraperf.scenarios.terrafix;

import dev.infraperf.load.Task;
import dev.infraperf.load.WaitTime;
import dev.infraperf.terrafix.FailurePayloads;
import dev.infraperf.terrafix.TerraFixUser;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** The original {@code BurstUser}: short waits, mostly batches of 5-20 failures. */
class BurstUser extends TerraFixUser {

    @Override
    protected WaitTime waitTime() {
        return WaitTime.between(Duration.ofMillis(100), Duration.ofMillis(500));
    }

    @Task(3)
    void submitSingleFailure() {
        submitFailure(FailurePayloads.failureJson(DEFAULT_SIZE), "/webhook [burst]");
    }

    @Task(7)
    void submitBatchFailures() {
        int n = ThreadLocalRandom.current().nextInt(5, 21);
        submitBatch(n, DEFAULT_SIZE, "/batch[" + n + "] [burst]");
    }
}
