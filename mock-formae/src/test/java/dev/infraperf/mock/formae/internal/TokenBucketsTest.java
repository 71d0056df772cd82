package dev.infraperf.mock.formae.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The one token bucket of the agent and the cloud, on a clock the test moves by hand. */
class TokenBucketsTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final TokenBuckets buckets = new TokenBuckets(now::get);

    private int takeAll(String key, double rate) {
        int taken = 0;
        while (taken < 1_000 && buckets.tryAcquire(key, rate)) {
            taken++;
        }
        return taken;
    }

    private void advanceMillis(long millis) {
        now.addAndGet(millis * 1_000_000);
    }

    @Test
    void a_bucket_starts_full_with_one_second_of_tokens_and_at_least_one() {
        assertThat(takeAll("S3", 5.0)).isEqualTo(5);
        assertThat(takeAll("EC2", 0.5)).isEqualTo(1);
    }

    @Test
    void tokens_come_back_at_the_rate_and_never_above_the_burst() {
        takeAll("S3", 10.0);
        advanceMillis(300);
        assertThat(takeAll("S3", 10.0)).isEqualTo(3);
        advanceMillis(60_000);
        assertThat(takeAll("S3", 10.0)).isEqualTo(10);
        assertThat(takeAll("EC2", 0.5)).isEqualTo(1);
        advanceMillis(1_000);
        assertThat(buckets.tryAcquire("EC2", 0.5)).isFalse();
        advanceMillis(1_000);
        assertThat(buckets.tryAcquire("EC2", 0.5)).isTrue();
    }

    @Test
    void keys_are_independent_a_zero_rate_is_no_limit_and_a_new_rate_starts_full() {
        takeAll("S3", 2.0);
        assertThat(buckets.tryAcquire("S3", 2.0)).isFalse();
        assertThat(buckets.tryAcquire("IAM", 2.0)).isTrue();
        assertThat(takeAll("S3", 0)).isEqualTo(1_000);
        assertThat(takeAll("S3", 4.0)).isEqualTo(4);
        buckets.clear();
        assertThat(takeAll("S3", 4.0)).isEqualTo(4);
    }
}
