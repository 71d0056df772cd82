package dev.infraperf.load;

/** Unwinds a user's task when its phase ended; never reaches user code as a failure. */
final class PhaseStopped extends RuntimeException {
    static final PhaseStopped INSTANCE = new PhaseStopped();

    private PhaseStopped() {
        super("the load phase ended", null, false, false);
    }
}
