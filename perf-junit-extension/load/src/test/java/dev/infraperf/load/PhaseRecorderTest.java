package dev.infraperf.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Closing a phase's books: one consistent snapshot, whatever the user threads are doing. */
class PhaseRecorderTest {

    private final PhaseRecorder recorder = new PhaseRecorder();

    @Test
    @DisplayName("recording is allowed until the books close and refused after")
    void refused_after_close() {
        assertThat(recorder.enter()).isTrue();
        recorder.exit();

        recorder.closeBooks();

        assertThat(recorder.enter()).isFalse();
        assertThat(recorder.enter()).isFalse();
    }

    @Test
    @Timeout(30)
    @DisplayName("closing the books waits for a recording in progress on another thread, and refuses new ones")
    void close_waits_for_recording_in_progress() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread user = Thread.ofVirtual().start(() -> {
            assertThat(recorder.enter()).isTrue();
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            recorder.endpoint("/get", "GET").begin();
            recorder.exit();
        });
        entered.await();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(recorder::closeBooks);
        // closeBooks cannot finish while the user is inside; once it has closed, a new recording is refused
        while (recorder.enter()) {
            recorder.exit();
            Thread.onSpinWait();
        }
        assertThat(closing).isNotDone();

        release.countDown();
        closing.get(20, TimeUnit.SECONDS);
        user.join();
        assertThat(recorder.endpoint("/get", "GET").issued.sum()).isEqualTo(1);
        assertThat(recorder.enter()).isFalse();
    }
}
