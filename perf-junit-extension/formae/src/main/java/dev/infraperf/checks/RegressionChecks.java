package dev.infraperf.checks;

import dev.infraperf.formae.AgentFailureException;
import dev.infraperf.formae.FormaeSession;
import dev.infraperf.formae.InconclusiveException;
import dev.infraperf.reports.model.CheckOutcome;
import dev.infraperf.reports.model.CheckStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.apiguardian.api.API;
import org.opentest4j.TestAbortedException;

/**
 * The regression checks of the Formae perf plan, each usable against any agent:
 *
 * <pre>{@code
 * @Test
 * @ResourceCount(2000)
 * @FormaeCycle
 * void restart_mid_apply_keeps_success_counts(FormaeSession session) {
 *     RegressionChecks.restartKeepsSuccessCounts().verify(session);
 * }
 * }</pre>
 *
 * <p>{@code patience} is how long a check waits for a symptom to clear (a NotStarted command to
 * start, a cancel to finish, a sync to take effect) before it calls it a failure; waits for whole
 * commands use the session's await timeout or ten times the patience.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class RegressionChecks {

    /** The default patience, generous enough for a real agent against AWS. */
    public static final Duration DEFAULT_PATIENCE = Duration.ofSeconds(60);

    private RegressionChecks() {}

    /** Bug 1: large command store. */
    public static RegressionCheck largeCommandStore(Duration patience) {
        return new LargeCommandStoreCheck(patience);
    }

    /** Bug 2: NotStarted resume. */
    public static RegressionCheck notStartedResume(Duration patience) {
        return new NotStartedResumeCheck(patience);
    }

    /** Bug 3: no stale managed resources. */
    public static RegressionCheck noStaleManagedResources() {
        return new StaleManagedResourcesCheck();
    }

    /** Bug 4: restart mid-apply keeps success counts. */
    public static RegressionCheck restartKeepsSuccessCounts(Duration patience) {
        return new RestartKeepsSuccessCountsCheck(patience);
    }

    /** Bug 5: destroy ordering. */
    public static RegressionCheck destroyOrdering() {
        return new DestroyOrderingCheck();
    }

    /** Bug 6: drift leaves the inventory at sync. */
    public static RegressionCheck driftSync(Duration patience) {
        return new DriftSyncCheck(patience);
    }

    /** Bug 7: no orphans after cancel and destroy. */
    public static RegressionCheck noOrphans(Duration patience) {
        return new NoOrphansCheck(patience);
    }

    /** Bug 8: cancel during rate-limit backoff. */
    public static RegressionCheck cancelDuringBackoff(Duration patience) {
        return new CancelDuringBackoffCheck(patience);
    }

    /** The enhancement: Canceling before Canceled. */
    public static RegressionCheck cancelingState(Duration patience) {
        return new CancelingStateCheck(patience);
    }

    /** Verified: resume on restart. */
    public static RegressionCheck resumeOnRestart(Duration patience) {
        return new VerifiedBehaviourChecks.ResumeOnRestart(patience);
    }

    /** Verified: cancel waits for in-flight operations. */
    public static RegressionCheck cancelWaitsForInFlight(Duration patience) {
        return new VerifiedBehaviourChecks.CancelWaitsForInFlight(patience);
    }

    /** Verified: destroy at scale >= 99.5%. */
    public static RegressionCheck destroyAtScale() {
        return new VerifiedBehaviourChecks.DestroyAtScale();
    }

    /**
     * Runs {@code check} on {@code session} and records its outcome (passed, failed with the symptom, inconclusive
     * when its condition never occurred, or skipped when a part is missing, with the reason) in the session for the
     * run's report; the failure or skip propagates (an inconclusive check is a skipped test).
     */
    public static void run(RegressionCheck check, FormaeSession session) {
        OptionalInt bug = bugNumber(check.id());
        try {
            check.verify(session);
            session.recordCheck(new CheckOutcome(
                    check.id(), check.displayName(), bug, Optional.empty(), CheckStatus.PASSED, "passed"));
        } catch (InconclusiveException e) {
            session.recordCheck(new CheckOutcome(
                    check.id(), check.displayName(), bug, Optional.empty(), CheckStatus.INCONCLUSIVE, e.getMessage()));
            throw e;
        } catch (TestAbortedException e) {
            session.recordCheck(new CheckOutcome(
                    check.id(), check.displayName(), bug, Optional.empty(), CheckStatus.SKIPPED, e.getMessage()));
            throw e;
        } catch (AgentFailureException e) {
            session.recordCheck(new CheckOutcome(
                    check.id(),
                    check.displayName(),
                    bug,
                    Optional.empty(),
                    CheckStatus.FAILED,
                    "agent failure, not a verdict of this check: " + e.getMessage()));
            throw e;
        } catch (AssertionError e) {
            session.recordCheck(new CheckOutcome(
                    check.id(), check.displayName(), bug, Optional.empty(), CheckStatus.FAILED, e.getMessage()));
            throw e;
        }
    }

    private static OptionalInt bugNumber(String id) {
        if (id.startsWith("bug-")) {
            int end = id.indexOf('-', 4);
            try {
                return OptionalInt.of(Integer.parseInt(id.substring(4, end)));
            } catch (RuntimeException e) {
                return OptionalInt.empty();
            }
        }
        return OptionalInt.empty();
    }

    /** The eight checks proven against mock-formae's eight switches (bugs 1, 2, 4-8 and the enhancement). */
    public static List<RegressionCheck> switchChecks(Duration patience) {
        return List.of(
                largeCommandStore(patience),
                notStartedResume(patience),
                restartKeepsSuccessCounts(patience),
                destroyOrdering(),
                driftSync(patience),
                noOrphans(patience),
                cancelDuringBackoff(patience),
                cancelingState(patience));
    }

    /** Every check: bugs 1 to 8, the enhancement and the verified behaviours. */
    public static List<RegressionCheck> all(Duration patience) {
        return List.of(
                largeCommandStore(patience),
                notStartedResume(patience),
                noStaleManagedResources(),
                restartKeepsSuccessCounts(patience),
                destroyOrdering(),
                driftSync(patience),
                noOrphans(patience),
                cancelDuringBackoff(patience),
                cancelingState(patience),
                resumeOnRestart(patience),
                cancelWaitsForInFlight(patience),
                destroyAtScale());
    }
}
