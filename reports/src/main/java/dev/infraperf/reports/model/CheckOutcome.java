package dev.infraperf.reports.model;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The outcome of one regression check (one of the Formae plan's bugs or verified behaviours).
 *
 * @param id stable id, e.g. {@code large-command-store}
 * @param displayName a sentence, e.g. {@code Apply of 2000 resources is stored exactly once}
 * @param bugNumber the plan's bug number 1-8, empty for verified behaviours and enhancements
 * @param link a link to the bug or fix (Allure "issue" link), if any
 * @param status passed, failed or skipped
 * @param message why it failed or was skipped, or what it observed
 */
public record CheckOutcome(
        String id,
        String displayName,
        OptionalInt bugNumber,
        Optional<String> link,
        CheckStatus status,
        String message) {
    private static final String NAME = "CheckOutcome";

    public CheckOutcome {
        Checks.notBlank(id, NAME, "id");
        Checks.notBlank(displayName, NAME, "displayName");
        bugNumber = bugNumber == null ? OptionalInt.empty() : bugNumber;
        link = link == null ? Optional.empty() : link;
        Checks.notNull(status, NAME, "status");
        message = message == null ? "" : message;
    }

    /** Whether the check passed. */
    public boolean passed() {
        return status == CheckStatus.PASSED;
    }
}
