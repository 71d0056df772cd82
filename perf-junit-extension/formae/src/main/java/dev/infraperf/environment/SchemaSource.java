package dev.infraperf.environment;

/** Which Pkl schema packages the generated {@code PklProject} depends on. */
public enum SchemaSource {
    /**
     * infra-perf's small local copies of Formae's {@code formae} and {@code aws} modules, written into
     * the project's {@code schema/} directory: evaluates offline, in-process, in seconds.
     */
    LOCAL,
    /**
     * The published Formae packages ({@code package://hub.platform.engineering/...}): the project is
     * then valid input for a real {@code formae apply --mode reconcile}, but needs the network to
     * resolve, so infra-perf does not evaluate it.
     */
    FORMAE
}
