package dev.infraperf.scenarios.terrafix;

import dev.infraperf.load.Task;
import dev.infraperf.load.WaitTime;
import dev.infraperf.terrafix.FailurePayloads;
import dev.infraperf.terrafix.TerraFixUser;
import java.time.Duration;

/** The original {@code ThroughputUser}: one task per second per user, ten webhooks to one health check. */
class ThroughputUser extends TerraFixUser {

    @Override
    protected WaitTime waitTime() {
        return WaitTime.constantPacing(Duration.ofSeconds(1));
    }

    @Task(10)
    void submitSingleFailure() {
        submitFailure(FailurePayloads.failureJson(DEFAULT_SIZE), "/webhook [throughput]");
    }

    @Task(1)
    void checkHealth() {
        http().get("/health").name("/health [throughput]").send();
    }
}
