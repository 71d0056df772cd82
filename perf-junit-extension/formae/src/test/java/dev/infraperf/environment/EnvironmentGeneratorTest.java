package dev.infraperf.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.infraperf.config.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator's public entry point: validation, env ids and what it writes without evaluating. */
class EnvironmentGeneratorTest {

    @TempDir
    Path temp;

    @Test
    void a_count_below_one_is_refused() {
        assertThatThrownBy(() -> EnvironmentGenerator.of(0, "us-east-2"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("[0] is not a resource count; use a whole number >= 1");
    }

    @Test
    void an_env_id_must_be_perf_and_eight_hex_digits() {
        assertThat(EnvironmentGenerator.newEnvId()).matches("perf-[0-9a-f]{8}");
        assertThatThrownBy(() -> EnvironmentGenerator.of(10, "us-east-2", "perf-XYZ"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("[perf-XYZ] is not an env id; use perf-<8 lowercase hex digits>");
    }

    @Test
    void labels_names_and_stack_derive_from_the_env_id() throws IOException {
        EnvironmentGenerator generator =
                EnvironmentGenerator.of(500, "eu-central-1", "perf-12345678").withSchema(SchemaSource.FORMAE);
        generator.writeProject(temp);

        assertThat(generator.stack()).isEqualTo("perf-test-perf-12345678");
        assertThat(generator.total()).isEqualTo(500);
        assertThat(Files.readString(temp.resolve("vars.pkl")))
                .contains("envId: String = \"perf-12345678\"")
                .contains("region: String = \"eu-central-1\"");
        assertThat(Files.readString(temp.resolve("networking.pkl")))
                .contains("label = \"perf-12345678-vpc-0\"")
                .contains("gatewayId = igwAttach0.internetGatewayId")
                .contains("availabilityZone = \"eu-central-1a\"");
        assertThat(Files.readString(temp.resolve("compute.pkl")))
                .contains("imageId = \"ami-0a49b025fffbbdac6\"")
                .contains("subnetId = networking.subnet")
                .doesNotContain("tagSpecifications");
    }

    @Test
    void the_pkl_string_quoting_escapes_what_pkl_would_interpret() {
        assertThat(PklProjectWriter.quote("a \"b\" \\(c)\n")).isEqualTo("\"a \\\"b\\\" \\\\(c)\\n\"");
    }
}
