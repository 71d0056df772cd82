package dev.infraperf.formae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The CLI driver, against a fake formae printing Formae's machine output")
class CliFormaeClientTest {

    @TempDir
    Path dir;

    private Path binary;
    private CliFormaeClient client;
    private final Forma forma =
            new Forma(Path.of("/tmp/test-env-200/main.pkl"), Path.of("/tmp/test-env-200/forma.json"));

    @BeforeEach
    void install_the_fake() throws IOException {
        binary = dir.resolve("formae");
        try (InputStream in = getClass().getResourceAsStream("/fake-formae/formae")) {
            Files.copy(in, binary, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
        client = new CliFormaeClient(binary, new RestFormaeClient(URI.create("http://127.0.0.1:9")));
    }

    private List<String> calls() throws IOException {
        return Files.readAllLines(dir.resolve("calls.log"));
    }

    @Test
    void apply_runs_reconcile_with_yes_and_machine_json_and_reads_the_command_id() throws IOException {
        assertThat(client.apply(forma, "reconcile")).isEqualTo("36rBrLi6jphCA9qdaM0C8avNv5j");
        assertThat(calls())
                .containsExactly("apply --mode reconcile --yes --output-consumer machine --output-schema json "
                        + "/tmp/test-env-200/main.pkl");
    }

    @Test
    void destroy_passes_the_pkl_file_and_reads_the_command_id() throws IOException {
        assertThat(client.destroy(forma)).isEqualTo("36rBsQ0xYdMn3kq1dD6Zt0a1b2c");
        assertThat(calls().get(0))
                .startsWith("destroy --yes --output-consumer machine")
                .endsWith("main.pkl");
    }

    @Test
    void status_counts_updates_the_way_the_cli_summary_does() throws IOException {
        CommandStatus status = client.status("36rBrLi6jphCA9qdaM0C8avNv5j").orElseThrow();

        assertThat(status.state()).isEqualTo(CommandState.IN_PROGRESS);
        assertThat(status.command()).isEqualTo("apply");
        assertThat(status.targetUpdates()).isEqualTo(1);
        // 8 updates: the read is skipped; Pending counts toward the total only; attempt 3 is a retry.
        assertThat(status.counts()).isEqualTo(new UpdateCounts(7, 1, 1, 1, 1, 1, 1));
        assertThat(calls().get(0))
                .isEqualTo("status command --query id:36rBrLi6jphCA9qdaM0C8avNv5j --max-results 1 "
                        + "--output-consumer machine --output-schema json");
    }

    @Test
    void status_of_an_unknown_command_is_empty() {
        assertThat(client.status("nope")).isEmpty();
    }

    @Test
    void cancel_reads_the_yaml_that_cancel_prints_by_default() throws IOException {
        assertThat(client.cancel("id:36rBrLi6jphCA9qdaM0C8avNv5j")).containsExactly("36rBrLi6jphCA9qdaM0C8avNv5j");
        assertThat(calls().get(0)).isEqualTo("cancel --query id:36rBrLi6jphCA9qdaM0C8avNv5j --output-consumer machine");
    }

    @Test
    void cancel_with_nothing_in_progress_cancels_nothing() {
        assertThat(client.cancel("id:none")).isEmpty();
    }

    @Test
    void machine_output_of_cancel_is_read_in_both_schemas() {
        assertThat(MachineOutput.commandIds("CommandIds:\n- a\n- \"b\"\n")).containsExactly("a", "b");
        assertThat(MachineOutput.commandIds("commandids: [a, b]\n")).containsExactly("a", "b");
        assertThat(MachineOutput.commandIds("{\"CommandIds\":[\"a\"]}\n")).containsExactly("a");
        assertThat(MachineOutput.commandIds("CommandIds: []\n")).isEmpty();
    }

    @Test
    void inventory_uses_the_resources_noun_and_reads_the_forma_json() throws IOException {
        Inventory inventory = client.inventory("managed:true stack:perf-test-perf-1a2b3c4d");

        assertThat(inventory.resources()).hasSize(2);
        assertThat(inventory.managedCount()).isEqualTo(1);
        assertThat(inventory.resources().get(0).nativeId()).isEqualTo("vpc-0a1b2c3d4e5f60718");
        assertThat(calls().get(0))
                .startsWith("inventory resources --query managed:true stack:perf-test-perf-1a2b3c4d --max-results");
    }

    @Test
    void an_empty_inventory_is_what_the_agents_404_means() {
        assertThat(client.inventory("managed:true stack:empty").resources()).isEmpty();
    }

    @Test
    void a_failing_command_names_the_call_and_the_exit_code() {
        assertThatThrownBy(() -> client.run(List.of("eval", "main.pkl")))
                .isInstanceOf(FormaeApiException.class)
                .hasMessageContaining("formae eval main.pkl exited 1")
                .hasMessageContaining("unknown command");
    }
}
