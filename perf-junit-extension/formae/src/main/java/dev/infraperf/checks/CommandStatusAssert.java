package dev.infraperf.checks;

import dev.infraperf.formae.CommandState;
import dev.infraperf.formae.CommandStatus;
import dev.infraperf.formae.UpdateCounts;
import java.util.Locale;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

/** Assertions on a Formae command status; get one with {@link FormaeAssertions#assertThat(CommandStatus)}. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class CommandStatusAssert extends AbstractAssert<CommandStatusAssert, CommandStatus> {

    CommandStatusAssert(CommandStatus actual) {
        super(actual, CommandStatusAssert.class);
    }

    /** The command is in {@code expected}. */
    public CommandStatusAssert isInState(CommandState expected) {
        isNotNull();
        if (actual.state() != expected) {
            failWithMessage(
                    "%nExpecting command:%n  %s%nto be in state:%n  %s%nbut was in:%n  %s",
                    actual.commandId(), expected, actual.state());
        }
        return this;
    }

    /** Successes over all non-read updates are at least {@code minimum} (e.g. 0.995). */
    public CommandStatusAssert hasSuccessRateAtLeast(double minimum) {
        isNotNull();
        UpdateCounts c = actual.counts();
        if (c.successRate() < minimum) {
            failWithMessage(
                    "%nExpecting success rate of command %s (%s):%n  %s%nto be greater than or equal to:%n  %s%n(%d of %d updates succeeded, %d failed, %d canceled)",
                    actual.commandId(),
                    actual.command(),
                    percent(c.successRate()),
                    percent(minimum),
                    c.success(),
                    c.total(),
                    c.failed(),
                    c.canceled());
        }
        return this;
    }

    /** Every non-read update is accounted for: success + failed + canceled = total. */
    public CommandStatusAssert hasEveryUpdateAccountedFor() {
        isNotNull();
        UpdateCounts c = actual.counts();
        if (c.finished() != c.total()) {
            failWithMessage(
                    "%nExpecting success + failed + canceled of command %s:%n  %d + %d + %d = %d%nto equal the total:%n  %d%n(%d waiting, %d in progress, %d retrying)",
                    actual.commandId(),
                    c.success(),
                    c.failed(),
                    c.canceled(),
                    c.finished(),
                    c.total(),
                    c.waiting(),
                    c.inProgress(),
                    c.retrying());
        }
        return this;
    }

    /** No update failed. */
    public CommandStatusAssert hasNoFailures() {
        isNotNull();
        if (actual.counts().failed() > 0) {
            failWithMessage(
                    "%nExpecting command %s to have no failed update,%nbut %d failed, first: %s",
                    actual.commandId(),
                    actual.counts().failed(),
                    actual.updatesIn(dev.infraperf.formae.UpdateState.FAILED).get(0));
        }
        return this;
    }

    private static String percent(double rate) {
        return String.format(Locale.ROOT, "%.2f%%", rate * 100);
    }
}
