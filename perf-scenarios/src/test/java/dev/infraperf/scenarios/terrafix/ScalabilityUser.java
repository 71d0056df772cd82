package dev.infraperf.scenarios.terrafix;

import dev.infraperf.load.Task;
import dev.infraperf.load.WaitTime;
import dev.infraperf.terrafix.FailurePayloads;
import dev.infraperf.terrafix.TerraFixUser;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The original {@code ScalabilityUser}: one failure every 1-3 s with a repository size drawn per request; {@link
 * #repoSize()} fixes it in the subclasses {@link Small}, {@link Medium} and {@link Large} (the original ignored its
 * {@code TERRAFIX_REPO_SIZE}, so its "small/medium/large" runs were the same mix).
 */
class ScalabilityUser extends TerraFixUser {

    @Override
    protected WaitTime waitTime() {
        return WaitTime.between(Duration.ofSeconds(1), Duration.ofSeconds(3));
    }

    /** The repository size of the next request. */
    String repoSize() {
        return FailurePayloads.SIZES.get(ThreadLocalRandom.current().nextInt(FailurePayloads.SIZES.size()));
    }

    @Task
    void submitFailureVariedSize() {
        String size = repoSize();
        submitFailure(FailurePayloads.failureJson(size), "/webhook [scalability-" + size + "]");
    }

    /** Small repositories only. */
    static class Small extends ScalabilityUser {
        @Override
        String repoSize() {
            return "small";
        }
    }

    /** Medium repositories only. */
    static class Medium extends ScalabilityUser {
        @Override
        String repoSize() {
            return "medium";
        }
    }

    /** Large repositories only. */
    static class Large extends ScalabilityUser {
        @Override
        String repoSize() {
            return "large";
        }
    }
}
