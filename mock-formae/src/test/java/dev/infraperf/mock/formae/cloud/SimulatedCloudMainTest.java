package dev.infraperf.mock.formae.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SimulatedCloudMainTest {

    @Test
    void options_are_parsed_in_both_spellings() {
        CloudOptions options = SimulatedCloudMain.parse(new String[] {
            "--port",
            "4567",
            "--data-file",
            "/tmp/c.jsonl",
            "--latency-scale=0.25",
            "--rate-limit",
            "2/s",
            "--region",
            "eu-west-1"
        });

        assertThat(options.port()).isEqualTo(4567);
        assertThat(options.dataFile()).isEqualTo(Path.of("/tmp/c.jsonl"));
        assertThat(options.latencyScale()).isEqualTo(0.25);
        assertThat(options.rateLimit()).isEqualTo(2.0);
        assertThat(options.region()).isEqualTo("eu-west-1");
        assertThat(SimulatedCloudMain.parse(new String[] {"--help"})).isNull();
    }

    @Test
    void bad_options_name_the_option_the_value_and_what_is_accepted() {
        assertThatThrownBy(() -> SimulatedCloudMain.parse(new String[] {"--rate-limit", "fast"}))
                .hasMessage("[fast] is not a rate for --rate-limit; use N/s (e.g. 2/s), a number, or off");
        assertThatThrownBy(() -> SimulatedCloudMain.parse(new String[] {"--latency-scale", "-1"}))
                .hasMessageContaining("[-1.0] is not a latency scale for --latency-scale");
        assertThatThrownBy(() -> SimulatedCloudMain.parse(new String[] {"--port", "http"}))
                .hasMessageContaining("[http] is not a number for --port");
        assertThatThrownBy(() -> SimulatedCloudMain.parse(new String[] {"--colour", "red"}))
                .hasMessageContaining("[--colour] is not an option");
        assertThat(CloudOptions.parseRate("off")).isZero();
    }
}
