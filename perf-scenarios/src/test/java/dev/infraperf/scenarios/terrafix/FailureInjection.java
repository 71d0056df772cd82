package dev.infraperf.scenarios.terrafix;

import dev.infraperf.load.PhaseContext;
import dev.infraperf.load.PhaseHook;

/**
 * Injects 10% processing failures into TerraFix through {@code POST /configure} (so they really reach the server,
 * which the original harness never did), ends the injection after 80% of the phase so the last fifth shows the
 * recovery, and makes sure the rate is back to 0 after the phase. The answer of {@code /configure} must echo the rate.
 */
final class FailureInjection implements PhaseHook {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    static final double RATE = 0.1;
    static final String ENDED = "failure injection ended";

    @Override
    public void beforePhase(PhaseContext phase) throws Exception {
        configure(phase, RATE);
        phase.at(phase.duration().multipliedBy(4).dividedBy(5), () -> {
            configure(phase, 0.0);
            phase.mark(ENDED);
        });
    }

    @Override
    public void afterPhase(PhaseContext phase) throws Exception {
        configure(phase, 0.0);
    }

    private static void configure(PhaseContext phase, double rate) throws Exception {
        String answer = phase.post("/configure", "{\"failure_rate\": " + rate + "}");
        double echoed = JSON.readTree(answer).path("failure_rate").asDouble(-1);
        if (echoed != rate) {
            throw new IllegalStateException("POST /configure {\"failure_rate\": " + rate + "} was answered " + answer
                    + "; expected the rate back");
        }
        phase.note("POST /configure failure_rate=" + rate + " -> " + answer);
    }
}
