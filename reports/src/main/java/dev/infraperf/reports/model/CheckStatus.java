package dev.infraperf.reports.model;

/** Outcome of a regression check. */
public enum CheckStatus {
    PASSED,
    FAILED,
    /** It could not run (a part it needs is missing); the message says why. */
    SKIPPED
}
