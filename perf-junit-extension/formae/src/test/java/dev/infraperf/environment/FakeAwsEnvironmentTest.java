package dev.infraperf.environment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The FakeAWS generator profile")
class FakeAwsEnvironmentTest {

    /** Where a real formae Pkl package is (an agent build's {@code schema/formae}); {@code .ci/real-formae.sh} sets it. */
    private static final String REAL_SCHEMA = "FORMAE_SCHEMA_DIR";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    @DisplayName("writes N resources of FakeAWS's four types, without read-only references")
    void writes_the_four_types() throws IOException {
        GeneratedEnvironment env =
                FakeAwsEnvironment.of(40).withEnvId("perf-1a2b3c4d").writeTo(dir.resolve("env"));

        assertThat(env.countsPerType())
                .containsExactly(
                        Map.entry("FakeAWS::S3::Bucket", 16),
                        Map.entry("FakeAWS::EC2::VPC", 8),
                        Map.entry("FakeAWS::EC2::VPCCidrBlock", 8),
                        Map.entry("FakeAWS::EC2::Instance", 8));
        assertThat(env.stack()).isEqualTo("perf-test-perf-1a2b3c4d");
        JsonNode json = MAPPER.readTree(env.formaJson().toFile());
        assertThat(json.path("Resources")).hasSize(40);
        assertThat(json.path("Targets").get(0).path("Config").path("Type").asText())
                .isEqualTo("FakeAWS");
        String main = Files.readString(env.mainPkl());
        assertThat(main)
                .contains("new fakeaws.Bucket { label = \"perf-1a2b3c4d-bucket-\\(i)\"")
                .contains("vpcId = \"perf-1a2b3c4d-vpc-\\(i % 8)\"")
                .doesNotContain(".res.");
        // The CIDR blocks name their VPC by label: FakeAWS returns no VpcId to resolve a reference with.
        assertThat(json.path("Resources").findValuesAsText("VpcId")).allMatch(v -> v.startsWith("perf-1a2b3c4d-vpc-"));
    }

    @Test
    @DisplayName("evaluates with the real formae package to the same resources as its JSON")
    void pkl_and_json_agree_under_the_real_package() throws IOException {
        String schema = System.getenv(REAL_SCHEMA);
        Assumptions.assumeTrue(
                schema != null && Files.isRegularFile(Path.of(schema, "PklProject")),
                REAL_SCHEMA + " names no formae Pkl package (an agent build's schema/formae), so the Pkl half cannot"
                        + " be evaluated here; .ci/real-formae.sh sets it");
        GeneratedEnvironment env = FakeAwsEnvironment.of(40)
                .withEnvId("perf-1a2b3c4d")
                .withFormaeSchema(Path.of(schema))
                .writeTo(dir.resolve("env"));

        JsonNode evaluated = MAPPER.readTree(evaluateAsJson(env.directory()));

        assertThat(labelsByType(evaluated))
                .isEqualTo(labelsByType(MAPPER.readTree(env.formaJson().toFile())));
    }

    @Test
    @DisplayName("points at the published formae package at a released tag by default")
    void published_package_by_default() throws IOException {
        GeneratedEnvironment env = FakeAwsEnvironment.of(3).writeTo(dir.resolve("env"));
        assertThat(Files.readString(env.directory().resolve("PklProject")))
                .contains("formae/formae@" + EnvironmentGenerator.DEFAULT_FORMAE_VERSION);
        assertThat(env.countsPerType()).containsExactly(Map.entry("FakeAWS::S3::Bucket", 3));
    }

    /** As {@code pkl eval -f json main.pkl}: the real forma.pkl leaves the output format to the caller. */
    private static String evaluateAsJson(Path project) {
        var pklProject = org.pkl.core.project.Project.loadFromPath(project.resolve("PklProject"));
        try (var evaluator = org.pkl.core.EvaluatorBuilder.preconfigured()
                .applyFromProject(pklProject)
                .setOutputFormat(org.pkl.core.OutputFormat.JSON)
                .build()) {
            return evaluator.evaluateOutputText(org.pkl.core.ModuleSource.path(project.resolve("main.pkl")));
        }
    }

    private static Map<String, String> labelsByType(JsonNode forma) {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode r : forma.path("Resources")) {
            out.put(r.path("Label").asText(), r.path("Type").asText());
        }
        return out;
    }
}
