package dev.infraperf.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The CPU time the hypervisor took from this virtual machine during a phase ("steal", the eighth figure of the {@code
 * cpu} line of Linux's {@code /proc/stat}). On a shared cloud host it comes in bursts: on the 2-core machine of {@code
 * docs/benchmarks.md} 10 s phases at 1,000 arrivals/s had schedule-error p99s of 0.25 ms at 0.4 % steal and 2.7-5.6
 * ms at 9.5-21 %, so a phase that lost this much says so in its notes rather than blame the generator or the target.
 * Internal.
 */
final class HostSteal {

    /** From this share of the machine's CPU time on, a phase gets a note. */
    static final double NOTE_FROM = 0.01;

    private static final Path PROC_STAT = Path.of("/proc/stat");

    private HostSteal() {}

    /** All CPU time and the stolen part, in clock ticks, summed over the machine's CPUs. */
    record Sample(long total, long steal) {}

    /** The machine's counters now; empty where there are none (not Linux, or no access). */
    static Optional<Sample> now() {
        try {
            return parse(Files.readString(PROC_STAT));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The {@code cpu} line of a {@code /proc/stat} text; empty when it has none or no steal column (Linux < 2.6.11). */
    static Optional<Sample> parse(String procStat) {
        for (String line : procStat.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (!f[0].equals("cpu")) {
                continue;
            }
            if (f.length < 9) {
                return Optional.empty();
            }
            long total = 0;
            for (int i = 1; i <= 8; i++) { // user nice system idle iowait irq softirq steal; guest is inside user
                total += Long.parseLong(f[i]);
            }
            return Optional.of(new Sample(total, Long.parseLong(f[8])));
        }
        return Optional.empty();
    }

    /** The note for a phase between two samples, or empty below {@link #NOTE_FROM} (or without both samples). */
    static Optional<String> note(Optional<Sample> before, Optional<Sample> after) {
        if (before.isEmpty() || after.isEmpty()) {
            return Optional.empty();
        }
        long total = after.get().total() - before.get().total();
        long steal = after.get().steal() - before.get().steal();
        if (total <= 0 || steal < 0 || (double) steal / total < NOTE_FROM) {
            return Optional.empty();
        }
        return Optional.of(String.format(
                Locale.ROOT,
                "host steal: the hypervisor took %.1f %% of this machine's CPU time during the phase (/proc/stat);"
                        + " the generator's timing (the schedule error above all) and the latencies include those"
                        + " pauses",
                100.0 * steal / total));
    }
}
