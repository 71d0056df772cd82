package dev.infraperf.parts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class PartResolverTest {

    @Test
    void the_first_candidate_that_applies_wins_and_the_reason_names_why_earlier_ones_did_not() {
        List<String> tried = new ArrayList<>();
        ResolvedPart<String> part = PartResolver.<String>of("Redis")
                .candidate(() -> {
                    tried.add("config");
                    return PartCandidate.Attempt.absent("no REDIS_URL");
                })
                .candidate(() -> {
                    tried.add("docker");
                    return PartCandidate.Attempt.absent("no Docker");
                })
                .candidate(() -> {
                    tried.add("path");
                    return PartCandidate.Attempt.found(
                            "redis://127.0.0.1:41234", "redis-server 7.0.15 started on 127.0.0.1:41234");
                })
                .candidate(() -> {
                    tried.add("never");
                    return PartCandidate.Attempt.found("x", "x");
                })
                .resolve();

        assertThat(part.value()).isEqualTo("redis://127.0.0.1:41234");
        assertThat(part.reason())
                .isEqualTo("Redis: redis-server 7.0.15 started on 127.0.0.1:41234 (no REDIS_URL, no Docker)");
        assertThat(tried).containsExactly("config", "docker", "path");
    }

    @Test
    void when_nothing_applies_the_test_is_aborted_with_every_reason() {
        PartResolver<String> resolver = PartResolver.<String>of("AWS API")
                .candidate(() -> PartCandidate.Attempt.absent("no AWS_ENDPOINT_URL"))
                .candidate(() -> PartCandidate.Attempt.absent("no Docker"));

        assertThatThrownBy(resolver::resolve)
                .isInstanceOf(PartUnavailableException.class)
                .isInstanceOf(TestAbortedException.class)
                .hasMessage("AWS API: none available (no AWS_ENDPOINT_URL; no Docker)");
    }

    @Test
    void a_candidate_that_applies_but_fails_stops_resolution_instead_of_falling_back() {
        AtomicBoolean fallbackTried = new AtomicBoolean();
        PartResolver<String> resolver = PartResolver.<String>of("Redis")
                .candidate(() -> {
                    throw new java.io.IOException("perf.redis.url=redis://127.0.0.1:1 does not answer PING");
                })
                .candidate(() -> {
                    fallbackTried.set(true);
                    return PartCandidate.Attempt.found("x", "x");
                });

        assertThatThrownBy(resolver::resolve)
                .isInstanceOf(PartFailedException.class)
                .hasMessage("Redis: perf.redis.url=redis://127.0.0.1:1 does not answer PING");
        assertThat(fallbackTried).isFalse();
    }

    @Test
    void closing_the_part_stops_what_the_candidate_started() throws Exception {
        AtomicBoolean stopped = new AtomicBoolean();
        ResolvedPart<String> part = PartResolver.<String>of("TerraFix")
                .candidate(
                        () -> PartCandidate.Attempt.found("http://127.0.0.1:8081", "started", () -> stopped.set(true)))
                .resolve();

        part.close();

        assertThat(stopped).isTrue();
    }

    @Test
    void resolvers_are_immutable() {
        PartResolver<String> empty = PartResolver.of("X");
        empty.candidate(() -> PartCandidate.Attempt.found("x", "x"));

        assertThatThrownBy(empty::resolve).hasMessage("X: none available ()");
    }
}
