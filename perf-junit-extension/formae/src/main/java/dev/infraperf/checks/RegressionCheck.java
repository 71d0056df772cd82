package dev.infraperf.checks;

import dev.infraperf.formae.FormaeSession;
import java.util.List;
import org.apiguardian.api.API;

/**
 * One regression check of the Formae perf plan: a bug that was found (bugs 1 to 8), the Canceling
 * enhancement, or a behaviour the plan verified. A check drives a fresh {@link FormaeSession}
 * against any agent and throws an {@link AssertionError} naming the symptom with its figures when
 * the agent shows it. Get checks from {@link RegressionChecks}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface RegressionCheck {

    /** A stable id, e.g. {@code bug-4-restart-keeps-success-counts}. */
    String id();

    /** A sentence naming the bug, e.g. {@code Bug 4: a restart mid-apply keeps the success counts}. */
    String displayName();

    /**
     * The mock-formae bug switches that bring this bug back (the switch first, then any switch its
     * set-up needs), empty for checks of behaviours no switch breaks on purpose.
     */
    List<String> bugSwitches();

    /**
     * Runs the check on {@code session}, whose environment must not have been applied yet.
     *
     * @throws AssertionError naming the symptom when the agent has the bug
     * @throws org.opentest4j.TestAbortedException when the check cannot be set up against this agent
     *     (e.g. no restart possible)
     */
    void verify(FormaeSession session);
}
