package dev.infraperf.load;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Everything recorded during one phase: one {@link EndpointRecorder} per request name, failures, dropped arrivals. */
final class PhaseRecorder {

    private final ConcurrentHashMap<String, EndpointRecorder> endpoints = new ConcurrentHashMap<>();
    final FailureLog failures = new FailureLog();
    final LongAdder dropped = new LongAdder();

    /** The recorder of a request name; the first request of a name fixes the method shown in reports. */
    EndpointRecorder endpoint(String name, String method) {
        EndpointRecorder recorder = endpoints.get(name);
        return recorder != null ? recorder : endpoints.computeIfAbsent(name, n -> new EndpointRecorder(n, method));
    }

    Collection<EndpointRecorder> endpoints() {
        return endpoints.values();
    }
}
