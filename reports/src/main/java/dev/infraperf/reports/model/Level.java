package dev.infraperf.reports.model;

/**
 * The load testing guide's three judgement levels, in increasing severity. Reports colour them
 * green, amber and red.
 */
public enum Level {
    GOOD("Good"),
    WARNING("Warning"),
    CRITICAL("Critical");

    private final String label;

    Level(String label) {
        this.label = label;
    }

    /** The word reports print: {@code Good}, {@code Warning} or {@code Critical}. */
    public String label() {
        return label;
    }

    /** Whether this level is at least as severe as {@code other}. */
    public boolean isAtLeast(Level other) {
        return compareTo(other) >= 0;
    }
}
