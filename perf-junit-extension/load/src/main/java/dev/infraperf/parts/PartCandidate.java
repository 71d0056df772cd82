package dev.infraperf.parts;

import org.apiguardian.api.API;

/**
 * One way of providing an external part: explicit configuration, a Testcontainers container, or an
 * embedded default. Tried in the order they were added to a {@link PartResolver}.
 */
@FunctionalInterface
@API(status = API.Status.INTERNAL, since = "0.1")
public interface PartCandidate<T> {

    /**
     * Provides the part, or explains in a few words why this candidate does not apply ({@code no
     * REDIS_URL}, {@code no Docker}). Throwing means the candidate applied but failed: resolution
     * stops there, since silently falling back would test something other than what was configured.
     */
    Attempt<T> attempt() throws Exception;

    /** The outcome of one candidate. */
    final class Attempt<T> {
        private final T value;
        private final String description;
        private final AutoCloseable onClose;

        private Attempt(T value, String description, AutoCloseable onClose) {
            this.value = value;
            this.description = description;
            this.onClose = onClose;
        }

        /** The part was provided; {@code description} says how ({@code redis-server 7.0.15 started on ...}). */
        public static <T> Attempt<T> found(T value, String description, AutoCloseable onClose) {
            return new Attempt<>(value, description, onClose);
        }

        /** The part was provided and needs no stopping (it was already running). */
        public static <T> Attempt<T> found(T value, String description) {
            return new Attempt<>(value, description, () -> {});
        }

        /** This candidate does not apply; {@code why} is a few words ({@code no Docker}). */
        public static <T> Attempt<T> absent(String why) {
            return new Attempt<>(null, why, null);
        }

        boolean isFound() {
            return onClose != null;
        }

        T value() {
            return value;
        }

        String description() {
            return description;
        }

        AutoCloseable onClose() {
            return onClose;
        }
    }
}
