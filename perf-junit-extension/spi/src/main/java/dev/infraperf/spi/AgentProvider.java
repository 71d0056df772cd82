package dev.infraperf.spi;

import java.lang.reflect.AnnotatedElement;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Starts an agent (such as a Formae agent) that infra-perf can run, kill and restart itself. Found through
 * {@link java.util.ServiceLoader}; the caller selects it by {@link #name()}.
 */
public interface AgentProvider {

    /** The name callers select this provider by, e.g. {@code mock-formae}. */
    String name();

    /**
     * Starts the agent.
     *
     * @param request where the agent keeps its state, the test element whose provider-specific annotations apply,
     *     the time scale and explicit options (which win over annotations)
     * @throws IllegalArgumentException when an option or annotation attribute is invalid, naming it, the value and
     *     what is accepted
     */
    ProvidedAgent start(Request request);

    /**
     * What an agent is started with.
     *
     * @param dataDir a directory the agent may keep its state in; it outlives restarts
     * @param elements the test method and class (most specific first), whose annotations the provider may read;
     *     empty from the Java API
     * @param timeScale {@code perf.timeScale}, which the provider may apply to its own durations and rates
     * @param options explicit {@code key -> value} options
     */
    record Request(Path dataDir, List<AnnotatedElement> elements, double timeScale, Map<String, String> options) {

        public Request {
            elements = List.copyOf(elements);
            options = Map.copyOf(options);
        }
    }
}
