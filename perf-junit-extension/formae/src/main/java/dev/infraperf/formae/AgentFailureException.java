package dev.infraperf.formae;

import org.apiguardian.api.API;

/**
 * The agent failed as a whole, not a single request: its health endpoint may still answer 200, but its
 * application is gone (0.75.6 answers every submit with 500 {@code failed to send request to
 * MetastructureBridge: unknown process} after its command persister crashed). A run that meets it reports an
 * agent failure, not a check verdict.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class AgentFailureException extends FormaeApiException {

    public AgentFailureException(String message, int status, String error) {
        super(message, status, error);
    }
}
