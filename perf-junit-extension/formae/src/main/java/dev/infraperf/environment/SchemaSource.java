package dev.infraperf.environment;

import org.apiguardian.api.API;

/** Which Pkl schema packages the generated {@code PklProject} depends on. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
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
