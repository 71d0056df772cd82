package dev.infraperf.load;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-request recording path of the load engine as UserSession runs it: look up the request name's recorder, pass
 * the phase's books gate to count the request as issued, pass it again to record its latencies and outcome. Goal:
 * under 200 ns per request. Lives in the engine's package because the recorders are package-private; compiled and run
 * by bench/load-engine-jmh.sh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RecordingBenchmark {

    private PhaseRecorder recorder;

    @Setup
    public void setUp() {
        recorder = new PhaseRecorder();
        recorder.endpoint("/webhook [throughput]", "POST");
        recorder.endpoint("/health [throughput]", "GET");
    }

    private void record(long intendedBefore) {
        long start = System.nanoTime();
        EndpointRecorder endpoint = recorder.endpoint("/webhook [throughput]", "POST");
        if (recorder.enter()) {
            endpoint.begin();
            recorder.exit();
        }
        if (recorder.enter()) {
            try {
                endpoint.complete(
                        start,
                        start + 52_000_000L,
                        intendedBefore == 0 ? 0 : start - intendedBefore,
                        0,
                        Outcome.SUCCESS,
                        120);
            } finally {
                recorder.exit();
            }
        }
    }

    /** A successful request without a schedule (closed model, no pacing). */
    @Benchmark
    @Threads(1)
    public void recordClosed() {
        record(0);
    }

    /** A successful request of the open model, corrected from its intended start. */
    @Benchmark
    @Threads(1)
    public void recordOpen() {
        record(3_000_000L);
    }

    /** The closed model's from two threads at once (contention on the shared recorder). */
    @Benchmark
    @Threads(2)
    public void recordClosedTwoThreads() {
        record(0);
    }

    /** The open model's from two threads at once. */
    @Benchmark
    @Threads(2)
    public void recordOpenTwoThreads() {
        record(3_000_000L);
    }
}
