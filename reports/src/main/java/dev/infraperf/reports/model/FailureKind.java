package dev.infraperf.reports.model;

/** Why a request did not succeed. */
public enum FailureKind {
    /** It completed with an error response, a failed check, or a connection error. */
    FAILED,
    /** It was abandoned after the request timeout. */
    TIMED_OUT,
    /** The open model could not start it at its intended time. */
    DROPPED
}
