package dev.infraperf.load;

/** A resolved target and how to reach it over TLS; what the engine's transports are made from. */
record TargetEndpoint(ResolvedTarget target, TlsTrust trust) {}
