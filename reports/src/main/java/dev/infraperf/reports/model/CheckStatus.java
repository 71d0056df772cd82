package dev.infraperf.reports.model;

/** Outcome of a regression check. */
public enum CheckStatus {
    PASSED,
    FAILED,
    /** It could not run (a part it needs is missing); the message says why. */
    SKIPPED,
    /** It ran, but its test condition never occurred against this agent, so it has no verdict; the message says why. */
    INCONCLUSIVE
}
