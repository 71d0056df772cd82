package dev.infraperf.scenarios.terrafix;

import dev.infraperf.load.Task;
import dev.infraperf.load.WaitTime;
import dev.infraperf.terrafix.FailurePayloads;
import dev.infraperf.terrafix.TerraFixUser;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The original {@code ResilienceUser}: 8 unique failures to 2 exact duplicates (the byte-identical body of a failure
 * sent earlier in the phase, at most 100 remembered). Unlike the original, the answers are checked: a unique failure
 * must come back {@code "skipped": false} and a duplicate {@code "skipped": true}, so the phase measures dedup
 * effectiveness (succeeded / issued of the duplicate row) instead of assuming it.
 */
class ResilienceUser extends TerraFixUser {

    static final String UNIQUE = "/webhook [resilience-unique]";
    static final String DUPLICATE = "/webhook [resilience-duplicate]";
    private static final int HISTORY = 100;

    @Override
    protected WaitTime waitTime() {
        return WaitTime.between(Duration.ofMillis(500), Duration.ofSeconds(2));
    }

    private List<String> submitted() {
        return shared("resilience.submitted", CopyOnWriteArrayList::new);
    }

    @Task(8)
    void submitUniqueFailure() {
        String body = FailurePayloads.failureJson(DEFAULT_SIZE);
        http().post("/webhook")
                .json(body)
                .name(UNIQUE)
                .expectStatus(200)
                .check("a new failure is processed (\"skipped\": false)", r -> !FailurePayloads.skipped(r.body()))
                .send();
        List<String> history = submitted();
        if (history.size() < HISTORY) {
            history.add(body);
        }
    }

    @Task(2)
    void submitDuplicateFailure() {
        List<String> history = submitted();
        if (history.isEmpty()) {
            submitUniqueFailure();
            return;
        }
        String body = history.get(ThreadLocalRandom.current().nextInt(history.size()));
        http().post("/webhook")
                .json(body)
                .name(DUPLICATE)
                .expectStatus(200)
                .check("an exact duplicate is skipped (\"skipped\": true)", r -> FailurePayloads.skipped(r.body()))
                .send();
    }
}
