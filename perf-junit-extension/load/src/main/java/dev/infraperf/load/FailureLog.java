package dev.infraperf.load;

import dev.infraperf.reports.model.FailureKind;
import dev.infraperf.reports.model.FailureSample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Distinct failure messages per request name and class, with their counts (Locust's {@code _failures.csv}). At most
 * {@value #MAX_DISTINCT} distinct messages are kept; later new ones are counted under one overflow message so the
 * counts stay complete.
 */
final class FailureLog {

    static final int MAX_DISTINCT = 200;
    private static final int MAX_MESSAGE = 300;

    private record Key(Outcome outcome, String method, String name, String message) {}

    private final Map<Key, LongAdder> samples = new ConcurrentHashMap<>();
    private final Map<Outcome, LongAdder> perClass = new EnumMap<>(Outcome.class);

    FailureLog() {
        for (Outcome o : Outcome.values()) {
            perClass.put(o, new LongAdder());
        }
    }

    void add(Outcome outcome, String method, String name, String message) {
        add(outcome, method, name, message, 1);
    }

    void add(Outcome outcome, String method, String name, String message, long occurrences) {
        perClass.get(outcome).add(occurrences);
        String text = message == null ? "" : message;
        if (text.length() > MAX_MESSAGE) {
            text = text.substring(0, MAX_MESSAGE) + "...";
        }
        Key key = new Key(outcome, method, name, outcome.label() + ": " + text);
        LongAdder counter = samples.get(key);
        if (counter == null) {
            if (samples.size() >= MAX_DISTINCT) {
                key = new Key(outcome, method, name, outcome.label() + ": (further distinct messages not kept)");
            }
            counter = samples.computeIfAbsent(key, k -> new LongAdder());
        }
        counter.add(occurrences);
    }

    /** Failures per class (status, connection, validation, timeout). */
    Map<String, Long> countsPerClass() {
        Map<String, Long> result = new java.util.LinkedHashMap<>();
        for (Outcome o : Outcome.values()) {
            if (o != Outcome.SUCCESS) {
                result.put(o.label(), perClass.get(o).sum());
            }
        }
        return result;
    }

    List<FailureSample> samples() {
        List<FailureSample> result = new ArrayList<>();
        samples.forEach((k, v) -> {
            long n = v.sum();
            if (n > 0) {
                FailureKind kind = k.outcome() == Outcome.TIMEOUT ? FailureKind.TIMED_OUT : FailureKind.FAILED;
                result.add(new FailureSample(kind, k.method(), k.name(), k.message(), n));
            }
        });
        result.sort(Comparator.comparingLong(FailureSample::occurrences).reversed());
        return result;
    }
}
