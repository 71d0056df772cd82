package dev.infraperf.reports.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Argument checks shared by the model records; messages name the record, the field and the value. */
final class Checks {
    private Checks() {}

    static <T> T notNull(T value, String record, String field) {
        return Objects.requireNonNull(value, () -> record + "." + field + " must not be null");
    }

    static String notBlank(String value, String record, String field) {
        notNull(value, record, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(record + "." + field + " must not be blank, found [" + value + "]");
        }
        return value;
    }

    static long nonNegative(long value, String record, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(record + "." + field + " must be >= 0, found " + value);
        }
        return value;
    }

    static double nonNegative(double value, String record, String field) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(record + "." + field + " must be a finite number >= 0, found " + value);
        }
        return value;
    }

    static double percentage(double value, String record, String field) {
        if (!(value >= 0 && value <= 100)) {
            throw new IllegalArgumentException(record + "." + field + " must be within 0..100, found " + value);
        }
        return value;
    }

    static <T> List<T> list(List<T> values, String record, String field) {
        notNull(values, record, field);
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw new IllegalArgumentException(record + "." + field + "[" + i + "] must not be null");
            }
        }
        return List.copyOf(values);
    }

    static <K, V> Map<K, V> map(Map<K, V> values, String record, String field) {
        notNull(values, record, field);
        values.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new IllegalArgumentException(record + "." + field + " must not hold null keys or values");
            }
        });
        return Map.copyOf(values);
    }
}
