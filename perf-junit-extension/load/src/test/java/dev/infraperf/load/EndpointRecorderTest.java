package dev.infraperf.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What one request name's recorder puts into the raw, corrected and succeeded histograms the reports read. */
class EndpointRecorderTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long T0 = 1_000_000 * MS;

    private final EndpointRecorder recorder = new EndpointRecorder("/get", "GET");
    private final Histogram intervalRaw = EndpointRecorder.newHistogram();
    private final Histogram intervalCorrected = EndpointRecorder.newHistogram();

    private void sample() {
        intervalRaw.reset();
        intervalCorrected.reset();
        recorder.sampleInterval(intervalRaw, intervalCorrected);
    }

    private static double ms(long nanos) {
        return nanos / (double) MS;
    }

    @Test
    @DisplayName(
            "a request without a schedule counts its service time as raw and corrected, and as succeeded on success")
    void plain_requests() {
        recorder.complete(T0, T0 + 10 * MS, 0, 0, Outcome.SUCCESS, 5);
        recorder.complete(T0, T0 + 30 * MS, 0, 0, Outcome.STATUS, 0);
        recorder.complete(T0, T0 + 50 * MS, 0, 0, Outcome.TIMEOUT, 0);
        sample();

        assertThat(intervalRaw.getTotalCount()).isEqualTo(3);
        assertThat(intervalCorrected.getTotalCount()).isEqualTo(3);
        assertThat(ms(intervalCorrected.getMaxValue())).isCloseTo(50, within(0.1));
        assertThat(recorder.succeededTotal.getTotalCount()).isEqualTo(1);
        assertThat(ms(recorder.succeededTotal.getMaxValue())).isCloseTo(10, within(0.1));
        assertThat(recorder.succeeded.sum()).isEqualTo(1);
        assertThat(recorder.failed.sum()).isEqualTo(1);
        assertThat(recorder.timedOut.sum()).isEqualTo(1);
        assertThat(recorder.bodyBytes.sum()).isEqualTo(5);
    }

    @Test
    @DisplayName("an open-model request is raw from its actual start and corrected from its intended start")
    void scheduled_requests() {
        // intended at T0, sent 40 ms late, answered 10 ms after it was sent
        recorder.complete(T0 + 40 * MS, T0 + 50 * MS, T0, 0, Outcome.SUCCESS, 0);
        recorder.complete(T0 + 40 * MS, T0 + 60 * MS, T0, 0, Outcome.STATUS, 0);
        sample();

        assertThat(intervalRaw.getTotalCount()).isEqualTo(2);
        assertThat(ms(intervalRaw.getMaxValue())).isCloseTo(20, within(0.1));
        assertThat(intervalCorrected.getTotalCount()).isEqualTo(2);
        assertThat(ms(intervalCorrected.getMinValue())).isCloseTo(50, within(0.1));
        assertThat(ms(intervalCorrected.getMaxValue())).isCloseTo(60, within(0.1));
        assertThat(recorder.succeededTotal.getTotalCount()).isEqualTo(1);
        assertThat(ms(recorder.succeededTotal.getMaxValue())).isCloseTo(50, within(0.1));
    }

    @Test
    @DisplayName("a paced request longer than its pace adds the requests it held back to the corrected latency only")
    void paced_requests() {
        recorder.complete(T0, T0 + 350 * MS, 0, 100 * MS, Outcome.SUCCESS, 0);
        sample();

        assertThat(intervalRaw.getTotalCount()).isEqualTo(1);
        // 350 ms at a 100 ms pace held back the requests due at 100 and 200 ms: HdrHistogram adds 250 and 150 ms
        assertThat(intervalCorrected.getTotalCount()).isEqualTo(3);
        assertThat(ms(intervalCorrected.getMinValue())).isCloseTo(150, within(0.2));
        assertThat(recorder.succeededTotal.getTotalCount()).isEqualTo(3);
    }

    @Test
    @DisplayName("each interval holds only what was recorded since the last, and the totals hold everything")
    void intervals_and_totals() {
        sample();
        assertThat(intervalRaw.getTotalCount()).isZero();

        recorder.complete(T0, T0 + 10 * MS, 0, 0, Outcome.SUCCESS, 0);
        recorder.complete(T0 + 40 * MS, T0 + 50 * MS, T0, 0, Outcome.SUCCESS, 0);
        sample();
        assertThat(intervalRaw.getTotalCount()).isEqualTo(2);

        recorder.complete(T0, T0 + 20 * MS, 0, 0, Outcome.STATUS, 0);
        sample();
        assertThat(intervalRaw.getTotalCount()).isEqualTo(1);
        assertThat(intervalCorrected.getTotalCount()).isEqualTo(1);

        sample();
        assertThat(intervalRaw.getTotalCount()).isZero();
        assertThat(recorder.rawTotal.getTotalCount()).isEqualTo(3);
        assertThat(recorder.correctedTotal.getTotalCount()).isEqualTo(3);
        assertThat(recorder.succeededTotal.getTotalCount()).isEqualTo(2);
    }
}
