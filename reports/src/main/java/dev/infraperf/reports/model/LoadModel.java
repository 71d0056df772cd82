package dev.infraperf.reports.model;

/** How a load phase generates requests. */
public enum LoadModel {
    /** A fixed number of virtual users, each waiting for its response before the next request (Locust). */
    CLOSED,
    /** Requests start on a schedule at a target arrival rate, independent of response times (wrk2, k6). */
    OPEN
}
