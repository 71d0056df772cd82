package dev.infraperf.environment;

/**
 * Evaluating a generated Pkl project failed. The message holds Pkl's own error, with the module,
 * line and column it points at.
 */
public class EnvironmentEvaluationException extends RuntimeException {

    public EnvironmentEvaluationException(String message, Throwable cause) {
        super(message, cause);
    }
}
