package dev.infraperf.reports.model;

/**
 * The load testing guide's three judgement levels, in increasing severity, after {@link
 * #NOT_JUDGED}. Reports colour them green, amber and red; {@code Not judged} is grey.
 */
public enum Level {
    /**
     * The figure could not be judged (too few intervals, no successful request, or a success rate so
     * low that the figure says nothing of the service). Neutral: never Good, never a breach, below
     * every severity.
     */
    NOT_JUDGED("Not judged"),
    GOOD("Good"),
    WARNING("Warning"),
    CRITICAL("Critical");

    private final String label;

    Level(String label) {
        this.label = label;
    }

    /** The words reports print: {@code Not judged}, {@code Good}, {@code Warning} or {@code Critical}. */
    public String label() {
        return label;
    }

    /**
     * Whether this level is at least as severe as {@code other}; {@link #NOT_JUDGED} is at least
     * only itself.
     */
    public boolean isAtLeast(Level other) {
        return compareTo(other) >= 0;
    }
}
