package dev.infraperf.formae;

import dev.infraperf.cloud.CloudAudit;
import dev.infraperf.cloud.QuotaPreflight;
import dev.infraperf.cloud.QuotaSource;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.opentest4j.TestAbortedException;

/** The session's quota pre-flight: an environment that does not fit the cloud's quotas is skipped, not applied. */
final class QuotaCheck {

    private QuotaCheck() {}

    static void run(CloudAudit cloud, CycleEnvironment environment, Consumer<String> note, Consumer<String> print) {
        if (!(cloud instanceof QuotaSource quotas)) {
            return;
        }
        List<String> shortfalls;
        try {
            shortfalls = QuotaPreflight.shortfalls(quotas, environment.countsByType());
        } catch (RuntimeException e) {
            String text = "quota pre-flight could not read quotas from " + quotas.describe() + ": " + e.getMessage();
            note.accept(text);
            print.accept(text);
            return;
        }
        if (!shortfalls.isEmpty()) {
            throw new TestAbortedException(String.format(
                    Locale.ROOT,
                    "environment %s (%d resources) does not fit the quotas of %s: %s",
                    environment.envId(),
                    environment.totalResources(),
                    quotas.describe(),
                    String.join("; ", shortfalls)));
        }
        note.accept("quota pre-flight passed against " + quotas.describe());
    }
}
