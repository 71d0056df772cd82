package dev.infraperf.formae;

import java.lang.reflect.AnnotatedElement;
import java.util.List;
import java.util.Map;

/**
 * How an embedded agent provider is asked to start (ignored for an agent given by URL or binary).
 *
 * @param options explicit provider options, winning over annotations
 * @param elements the test method and class (most specific first) whose provider annotations apply
 * @param timeScale {@code perf.timeScale}
 */
record AgentSettings(Map<String, String> options, List<AnnotatedElement> elements, double timeScale) {

    AgentSettings {
        options = Map.copyOf(options);
        elements = List.copyOf(elements);
    }
}
