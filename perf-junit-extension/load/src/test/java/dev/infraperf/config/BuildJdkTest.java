package dev.infraperf.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BuildJdkTest {

    @Test
    void tests_run_on_java_21_or_newer_whatever_jdk_runs_maven() {
        assertThat(Runtime.version().feature())
                .as("the JDK the tests were forked with (java.home=%s)", System.getProperty("java.home"))
                .isGreaterThanOrEqualTo(21);
    }
}
