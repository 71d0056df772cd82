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
 * The per-request recording path of the load engine: look up the request name's recorder, count the request as issued,
 * record raw and corrected latency and the outcome. Goal: under 200 ns per request. Lives in the engine's package
 * because the recorders are package-private; compiled and run by bench/load-engine-jmh.sh.
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

    /** A successful request without a schedule (closed model, no pacing). */
    @Benchmark
    @Threads(1)
    public void recordClosed() {
        long start = System.nanoTime();
        EndpointRecorder endpoint = recorder.endpoint("/webhook [throughput]", "POST");
        endpoint.begin();
        endpoint.complete(start, start + 52_000_000L, 0, 0, Outcome.SUCCESS, 120);
    }

    /** A successful request of the open model, corrected from its intended start. */
    @Benchmark
    @Threads(1)
    public void recordOpen() {
        long start = System.nanoTime();
        EndpointRecorder endpoint = recorder.endpoint("/webhook [throughput]", "POST");
        endpoint.begin();
        endpoint.complete(start, start + 52_000_000L, start - 3_000_000L, 0, Outcome.SUCCESS, 120);
    }

    /** The same from two threads at once (contention on the shared recorder). */
    @Benchmark
    @Threads(2)
    public void recordClosedTwoThreads() {
        recordClosed();
    }
}
