package dev.infraperf.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class HostStealTest {

    private static Optional<HostSteal.Sample> sample(long total, long steal) {
        return Optional.of(new HostSteal.Sample(total, steal));
    }

    @Test
    void reads_all_cpu_time_and_the_stolen_part_from_the_cpu_line() {
        String stat = "cpu  7860237 15918 925833 4628438 14128 0 185989 255938 0 0\n"
                + "cpu0 3930118 7959 462916 2314219 7064 0 92994 127969 0 0\n"
                + "intr 1 2 3\n";
        assertThat(HostSteal.parse(stat))
                .contains(new HostSteal.Sample(
                        7860237L + 15918 + 925833 + 4628438 + 14128 + 0 + 185989 + 255938, 255938));
    }

    @Test
    void a_stat_without_a_cpu_line_or_a_steal_column_gives_nothing() {
        assertThat(HostSteal.parse("intr 1 2 3\n")).isEmpty();
        assertThat(HostSteal.parse("cpu 1 2 3 4 5 6 7\n")).isEmpty();
    }

    @Test
    void a_phase_that_lost_a_percent_or_more_to_the_hypervisor_gets_a_note_with_the_share() {
        assertThat(HostSteal.note(sample(1_000, 10), sample(3_000, 222))).hasValueSatisfying(note -> assertThat(note)
                .startsWith("host steal: the hypervisor took 10.6 % of this machine's CPU time during the" + " phase"));
        assertThat(HostSteal.note(sample(1_000, 10), sample(2_000, 20))).isPresent(); // exactly 1 %
    }

    @Test
    void less_than_a_percent_or_a_missing_sample_gives_no_note() {
        assertThat(HostSteal.note(sample(1_000, 10), sample(2_000, 19))).isEmpty();
        assertThat(HostSteal.note(Optional.empty(), sample(2_000, 900))).isEmpty();
        assertThat(HostSteal.note(sample(1_000, 10), Optional.empty())).isEmpty();
        assertThat(HostSteal.note(sample(1_000, 10), sample(1_000, 10))).isEmpty(); // no time passed
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void this_linux_machine_has_the_counters_and_they_only_grow() {
        HostSteal.Sample first = HostSteal.now().orElseThrow();
        HostSteal.Sample second = HostSteal.now().orElseThrow();
        assertThat(second.total()).isGreaterThanOrEqualTo(first.total());
        assertThat(second.steal()).isGreaterThanOrEqualTo(first.steal());
        assertThat(first.steal()).isLessThanOrEqualTo(first.total());
    }
}
