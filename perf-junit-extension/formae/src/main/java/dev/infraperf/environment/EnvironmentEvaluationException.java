package dev.infraperf.environment;

import org.apiguardian.api.API;

/**
 * Evaluating a generated Pkl project failed. The message holds Pkl's own error, with the module,
 * line and column it points at.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class EnvironmentEvaluationException extends RuntimeException {

    public EnvironmentEvaluationException(String message, Throwable cause) {
        super(message, cause);
    }
}
