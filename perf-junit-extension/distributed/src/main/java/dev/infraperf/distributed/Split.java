package dev.infraperf.distributed;

import dev.infraperf.config.ConfigurationException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a phase among {@code n} workers so that together they make the phase's load. Closed model: the users are
 * dealt out (the first {@code users % n} workers get one more) and each worker spawns at its share of the spawn rate;
 * open model: each worker gets {@code rate / n}. Worker {@code i} starts {@code i / rate} (open) or {@code i /
 * spawnRate} (closed) seconds after the agreed instant, so worker {@code i}'s {@code k}-th arrival is due at {@code
 * (k n + i) / rate}: the merged arrivals are as evenly spaced as one JVM's. A set pool size ({@code connections}) is
 * dealt out like the users, at least one connection per worker, so the workers together open no more connections to
 * the target than one JVM would (unless there are fewer connections than workers).
 */
final class Split {
    private Split() {}

    static List<WorkerPlan> shares(WorkerPlan whole, int n) {
        List<WorkerPlan> shares = new ArrayList<>();
        if (whole.open()) {
            int inFlight = (int) Math.max(1, Math.ceil(whole.maxInFlight() / (double) n));
            for (int i = 0; i < n; i++) {
                long offset = Math.round(i * 1e9 / whole.arrivalRate());
                shares.add(whole.share(
                        i,
                        n,
                        0,
                        0,
                        whole.arrivalRate() / n,
                        whole.rampToRate() / n,
                        inFlight,
                        connections(whole, i, n),
                        offset));
            }
            return shares;
        }
        if (whole.users() < n) {
            throw new ConfigurationException("phase \"" + whole.phase() + "\" has " + whole.users()
                    + " users, fewer than " + DistributedSettings.WORKERS_KEY + "=" + n + "; use at most "
                    + whole.users() + " workers or more users");
        }
        for (int i = 0; i < n; i++) {
            int users = whole.users() / n + (i < whole.users() % n ? 1 : 0);
            double spawn = whole.spawnRate() * users / whole.users();
            long offset = Math.round(i * 1e9 / whole.spawnRate());
            shares.add(whole.share(i, n, users, spawn, 0, 0, whole.maxInFlight(), connections(whole, i, n), offset));
        }
        return shares;
    }

    /** Worker {@code i}'s share of the pool size, 0 (the engine's default) when the phase sets none. */
    static int connections(WorkerPlan whole, int i, int n) {
        if (whole.connections() == 0) {
            return 0;
        }
        return Math.max(1, whole.connections() / n + (i < whole.connections() % n ? 1 : 0));
    }
}
