package dev.infraperf.load;

import dev.infraperf.reports.model.Bottleneck;
import dev.infraperf.reports.model.LoadModel;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds where throughput stops growing with users while latency grows.
 *
 * <p>Rule: for consecutive closed-model phases {@code a} then {@code b} of the same behaviour (user class, so the
 * figures compare like with like) with at least 1.5 times the users, the
 * bottleneck is at {@code a} when throughput grew by less than a quarter of the user growth ({@code rps_b / rps_a <
 * 1 + (users_b / users_a - 1) / 4}) and the median latency grew more than 1.5 times. The first such pair is reported,
 * with users, throughput and P50 of both phases. Phases of other shapes (open model, fewer users) are skipped.
 */
final class Bottlenecks {

    static final double MIN_USER_GROWTH = 1.5;
    static final double THROUGHPUT_SHARE = 0.25;
    static final double LATENCY_GROWTH = 1.5;

    private Bottlenecks() {}

    static Optional<Bottleneck> find(List<PhaseResult> phases) {
        for (int i = 0; i + 1 < phases.size(); i++) {
            PhaseResult a = phases.get(i);
            PhaseResult b = phases.get(i + 1);
            if (a.model().spec().model() != LoadModel.CLOSED
                    || b.model().spec().model() != LoadModel.CLOSED
                    || !a.model().spec().behaviour().equals(b.model().spec().behaviour())) {
                continue;
            }
            double usersA = a.model().spec().users();
            double usersB = b.model().spec().users();
            double rpsA = a.throughput();
            double rpsB = b.throughput();
            double p50A = a.p50().toNanos();
            double p50B = b.p50().toNanos();
            if (usersA == 0 || usersB < usersA * MIN_USER_GROWTH || rpsA == 0 || p50A == 0) {
                continue;
            }
            double userGrowth = usersB / usersA;
            double rpsGrowth = rpsB / rpsA;
            double latencyGrowth = p50B / p50A;
            if (rpsGrowth < 1 + (userGrowth - 1) * THROUGHPUT_SHARE && latencyGrowth > LATENCY_GROWTH) {
                String summary = String.format(
                        Locale.ROOT,
                        "Throughput stops growing with users after phase \"%s\" (%d users, %.2f req/s): at %d users"
                                + " it is %.2f req/s while P50 latency grows from %s to %s",
                        a.name(),
                        (int) usersA,
                        rpsA,
                        (int) usersB,
                        rpsB,
                        Formats.millis((long) p50A),
                        Formats.millis((long) p50B));
                return Optional.of(new Bottleneck(
                        "fixed-capacity",
                        summary,
                        List.of(
                                String.format(
                                        Locale.ROOT,
                                        "users %s -> %s: %d -> %d (x%.2f)",
                                        a.name(),
                                        b.name(),
                                        (int) usersA,
                                        (int) usersB,
                                        userGrowth),
                                String.format(
                                        Locale.ROOT, "throughput: %.2f -> %.2f req/s (x%.2f)", rpsA, rpsB, rpsGrowth),
                                String.format(
                                        Locale.ROOT,
                                        "P50 latency: %s -> %s (x%.2f)",
                                        Formats.millis((long) p50A),
                                        Formats.millis((long) p50B),
                                        latencyGrowth))));
            }
        }
        return Optional.empty();
    }
}
