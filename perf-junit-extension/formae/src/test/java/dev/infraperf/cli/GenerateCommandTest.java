package dev.infraperf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code generate} command: exit codes, one-line errors, what it prints and writes. */
class GenerateCommandTest {

    @TempDir
    Path temp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return InfraPerfCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void a_count_below_one_is_bad_input_with_a_one_line_error() {
        assertThat(run("generate", "--count", "0", "--dry-run")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: [0] is not a valid --count; use a whole number >= 1\n");
    }

    @Test
    void a_count_that_is_no_number_is_bad_input() {
        assertThat(run("generate", "--count", "many")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: Invalid value for option '--count': 'many' is not an int\n");
    }

    @Test
    void an_unknown_region_is_bad_input_listing_the_supported_ones() {
        assertThat(run("generate", "--count", "200", "--region", "eu-north-1", "--dry-run"))
                .isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("error: [eu-north-1] is not a supported --region; supported: us-east-1, us-east-2,"
                        + " us-west-1, us-west-2, eu-west-1, eu-central-1, ap-southeast-1\n");
    }

    @Test
    void an_unknown_schema_is_bad_input() {
        assertThat(run("generate", "--count", "200", "--schema", "remote", "--dry-run"))
                .isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: [remote] is not a valid --schema; use local or formae\n");
    }

    @Test
    void a_package_version_that_is_no_version_is_bad_input() {
        assertThat(run("generate", "--count", "200", "--schema", "formae", "--aws-version", "latest", "--dry-run"))
                .isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("error: [latest] is not a version of the aws package; use a semantic version like 0.88.1\n");
    }

    @Test
    void a_non_empty_output_directory_needs_force() throws IOException {
        Files.writeString(temp.resolve("notes.txt"), "mine");

        assertThat(run("generate", "--count", "200", "--output", temp.toString(), "--schema", "formae"))
                .isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("error: --output " + temp + " is not empty; choose an empty directory or add --force\n");
        assertThat(temp.resolve("main.pkl")).doesNotExist();

        assertThat(run("generate", "--count", "200", "--output", temp.toString(), "--schema", "formae", "--force"))
                .isEqualTo(0);
        assertThat(temp.resolve("main.pkl")).exists();
        assertThat(temp.resolve("notes.txt")).hasContent("mine");
    }

    @Test
    void dry_run_prints_the_counts_per_type_and_writes_nothing() throws IOException {
        Path output = temp.resolve("env");

        assertThat(run(
                        "generate",
                        "--count",
                        "2000",
                        "--region",
                        "us-east-2",
                        "--output",
                        output.toString(),
                        "--dry-run"))
                .isZero();
        assertThat(out.toString())
                .startsWith("Resource counts for --count 2000 in us-east-2 (dry run, nothing written):\n")
                .contains("  AWS::EC2::VPC                                   3\n")
                .contains("  AWS::EC2::NatGateway                            3\n")
                .endsWith("  TOTAL                                        2000\n");
        assertThat(output).doesNotExist();
    }

    @Test
    void the_formae_schema_points_pkl_project_at_the_published_packages_without_evaluating() throws IOException {
        Path output = temp.resolve("env");

        assertThat(run(
                        "generate",
                        "--count",
                        "300",
                        "--output",
                        output.toString(),
                        "--schema",
                        "formae",
                        "--formae-version",
                        "0.88.1"))
                .isZero();
        assertThat(Files.readString(output.resolve("PklProject")))
                .contains("package://hub.platform.engineering/plugins/pkl/schema/pkl/formae/formae@0.88.1")
                .contains("package://hub.platform.engineering/plugins/aws/schema/pkl/aws/aws@0.1.16");
        assertThat(output.resolve("schema")).doesNotExist();
        assertThat(output.resolve("forma.json")).doesNotExist();
        assertThat(out.toString()).contains("Forma JSON:  not evaluated (--schema formae)");
    }

    @Test
    void generate_writes_the_project_and_its_forma_json() throws IOException {
        Path output = temp.resolve("env");

        assertThat(run("generate", "--count", "120", "--region", "ap-southeast-1", "--output", output.toString()))
                .isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(output)
                .isDirectoryContaining("glob:**/main.pkl")
                .isDirectoryContaining("glob:**/vars.pkl")
                .isDirectoryContaining("glob:**/networking.pkl")
                .isDirectoryContaining("glob:**/PklProject")
                .isDirectoryContaining("glob:**/forma.json");
        assertThat(Files.readString(output.resolve("forma.json"))).contains("\"Region\": \"ap-southeast-1\"");
        assertThat(out.toString())
                .contains(" resources for --count 120\n")
                .containsPattern("timing: generate_s=\\d+\\.\\d{3} eval_s=\\d+\\.\\d{3}");
    }
}
