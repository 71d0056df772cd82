package dev.infraperf.mock.formae.cloud;

/** Why an operation fails: its error code and a sentence, as the AWS plugin sees a failed progress event. */
record Problem(String code, String message) {}
