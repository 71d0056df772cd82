package dev.infraperf.formae;

import org.apiguardian.api.API;
import org.opentest4j.TestAbortedException;

/**
 * A check could not reach its test condition against this agent, so it has no verdict: no update was seen in
 * flight, the agent cannot be restarted by this run, the environment holds none of the resources the bug needs,
 * the cloud cannot be looked at. JUnit reports it skipped with the reason; the run's report shows it {@code
 * INCONCLUSIVE}, never passed.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class InconclusiveException extends TestAbortedException {

    private static final long serialVersionUID = 1L;

    public InconclusiveException(String reason) {
        super(reason);
    }
}
