package dev.infraperf.mock.terrafix;

import java.util.Locale;

/** The {@code resource_details.repo_size} labels of the load-test payloads and the resource counts the guide gives. */
enum RepoSize {
    SMALL(12),
    MEDIUM(75),
    LARGE(320);

    static final String ACCEPTED = "\"small\" (5-15 resources), \"medium\" (50-100) or \"large\" (300+)";

    private final int resources;

    RepoSize(int resources) {
        this.resources = resources;
    }

    int resources() {
        return resources;
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The size of a label, or null when it is none of {@link #ACCEPTED}. */
    static RepoSize ofLabel(String label) {
        for (RepoSize size : values()) {
            if (size.label().equals(label)) {
                return size;
            }
        }
        return null;
    }
}
