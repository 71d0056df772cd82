package dev.infraperf.scenarios.terrafix;

import dev.infraperf.load.Response;
import dev.infraperf.load.Task;
import dev.infraperf.load.WaitTime;
import dev.infraperf.terrafix.FailurePayloads;
import dev.infraperf.terrafix.TerraFixUser;
import java.time.Duration;

/**
 * The original {@code MixedWorkloadUser} (the guide's "MixedUser"): 60 single failures, 20 batches of 3, 10 of 10, 5
 * of 25, and 5 health-plus-status checks. One addition: a single failure answered with a 5xx is retried once, under
 * its own name, so a phase with injected failures measures retry success (the original had no retries, so the row
 * stays empty without failures).
 */
class MixedWorkloadUser extends TerraFixUser {

    static final String STEADY = "/webhook [mixed-steady]";
    static final String RETRY = "/webhook [mixed-retry]";

    @Override
    protected WaitTime waitTime() {
        return WaitTime.between(Duration.ofMillis(500), Duration.ofSeconds(5));
    }

    @Task(60)
    void steadyStateRequest() {
        String body = FailurePayloads.failureJson(DEFAULT_SIZE);
        Response first = submitFailure(body, STEADY);
        if (first.status() >= 500) {
            submitFailure(body, RETRY);
        }
    }

    @Task(20)
    void smallBatch() {
        submitBatch(3, DEFAULT_SIZE, "/batch[3] [mixed]");
    }

    @Task(10)
    void mediumBatch() {
        submitBatch(10, DEFAULT_SIZE, "/batch[10] [mixed]");
    }

    @Task(5)
    void largeBatch() {
        submitBatch(25, DEFAULT_SIZE, "/batch[25] [mixed]");
    }

    @Task(5)
    void healthCheck() {
        http().get("/health").name("/health [mixed]").send();
        http().get("/status").name("/status [mixed]").send();
    }
}
