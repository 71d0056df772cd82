package dev.infraperf.formae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.infraperf.config.ConfigurationException;
import dev.infraperf.config.PerfConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver fed with what the real agent (0.75.6 and 0.83.0, FakeAWS plugin) printed and answered, one nested
 * class per mismatch of {@code formae-conformance.md}.
 */
@DisplayName("The driver, fed with the real agent's outputs")
class RealAgentOutputsTest {

    private static final String ESC = "\u001B";

    @Nested
    @DisplayName("#1 CLI stdout with a pkl-go debug line before the JSON")
    class StdoutNoise {
        @Test
        void takes_the_json_and_keeps_the_rest_as_a_diagnostic() {
            MachineOutput.Split split = MachineOutput.split(
                    "DBG warn: received a message for an unknown request id\n{\"CommandId\":\"3MrrKuEB4FiTy0utKOY1rFQ7LaZ\"}\n");

            assertThat(split.json()).isEqualTo("{\"CommandId\":\"3MrrKuEB4FiTy0utKOY1rFQ7LaZ\"}");
            assertThat(split.diagnostics()).containsExactly("DBG warn: received a message for an unknown request id");
            assertThat(StatusJson.parse(split.json(), "x").path("CommandId").asText())
                    .isEqualTo("3MrrKuEB4FiTy0utKOY1rFQ7LaZ");
        }

        @Test
        void reads_cancel_ids_behind_the_noise_too() {
            assertThat(MachineOutput.commandIds(
                            "DBG warn: received a message for an unknown request id\n{\"CommandIds\":[\"3Mrr\"]}"))
                    .containsExactly("3Mrr");
        }
    }

    @Nested
    @DisplayName("#2 ANSI-coloured levels and both spellings of the crash line")
    class ColouredLog {
        private final String err = ESC + "[2m2026-12-01T10:05:03Z" + ESC + "[0m " + ESC + "[91mERR" + ESC
                + "[0m Failed to create target " + ESC + "[2merror=" + ESC
                + "[0m\"UNIQUE constraint failed: targets.label, targets.version\" " + ESC + "[2mlabel=" + ESC
                + "[0mfake-target";
        private final String dbg = ESC + "[2m2026-12-01T10:04:27Z" + ESC + "[0m DBG Resource command successful";

        @Test
        void finds_the_coloured_err_line_without_its_escapes() {
            assertThat(AgentLog.errorLines(List.of(err, dbg)))
                    .containsExactly("2026-12-01T10:05:03Z ERR Failed to create target error=\"UNIQUE constraint"
                            + " failed: targets.label, targets.version\" label=fake-target");
        }

        @Test
        void counts_both_spellings_of_an_abnormal_termination() {
            List<String> lines = AgentLog.errorLines(List.of(
                    ESC + "[91mERR" + ESC + "[0m actor <8E428C64.0.1011> terminated abnormaly: panic",
                    ESC + "[91mERR" + ESC + "[0m process terminated abnormally reason=panic",
                    ESC + "[91mERR" + ESC + "[0m Failed to create target"));
            assertThat(AgentLog.abnormalTerminations(lines)).hasSize(2);
        }
    }

    @Nested
    @DisplayName("#3 a 202 with ChangesRequired: false")
    class NoChanges {
        @Test
        void is_read_from_the_submit_answer() {
            assertThat(StatusJson.noChangesRequired(StatusJson.parse(
                            "{\"CommandId\":\"3MrrKuEB4FiTy0utKOY1rFQ7LaZ\",\"Description\":{\"Text\":\"x\"},"
                                    + "\"Simulation\":{\"ChangesRequired\":false,\"Command\":{\"CommandId\":\"\","
                                    + "\"Command\":\"\",\"State\":\"\"}}}",
                            "submit")))
                    .isTrue();
            assertThat(StatusJson.noChangesRequired(StatusJson.parse(
                            "{\"CommandId\":\"3MrrOziRT9zY4MV0P7LZujomlwa\",\"Simulation\":{\"ChangesRequired\":true,"
                                    + "\"Command\":{\"CommandId\":\"3MrrOziRT9zY4MV0P7LZujomlwa\"}}}",
                            "submit")))
                    .isFalse();
        }

        @Test
        void ends_the_wait_as_nothing_to_do_when_the_command_never_shows() {
            FakeClient client = new FakeClient();
            client.noChanges = true;
            List<String> printed = new ArrayList<>();
            CommandPoller poller = new CommandPoller(
                    client, new CommandTimelines(Instant.now()), printed::add, Duration.ofMillis(300));

            CommandStatus status =
                    poller.await("3Mrr", s -> s.state().isFinal(), "to finish", Duration.ofSeconds(10), s -> {});

            assertThat(status.state()).isEqualTo(CommandState.NO_CHANGES);
            assertThat(printed).anyMatch(l -> l.contains("ChangesRequired: false"));
        }

        @Test
        void still_waits_for_a_command_the_agent_said_needs_changes() {
            FakeClient client = new FakeClient();
            CommandPoller poller =
                    new CommandPoller(client, new CommandTimelines(Instant.now()), l -> {}, Duration.ofMillis(100));

            assertThatThrownBy(() -> poller.await(
                            "3Mrr", s -> s.state().isFinal(), "to finish", Duration.ofMillis(800), s -> {}))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Expecting command 3Mrr to finish within");
        }
    }

    @Nested
    @DisplayName("#4 a healthy /health with a dead application")
    class DeadApplication {
        @Test
        void is_an_agent_failure() {
            FormaeApiException e = RestFormaeClient.failure(
                    "POST /api/v1/commands (apply)",
                    500,
                    "{\"error\":\"failed to send request to MetastructureBridge: unknown process\"}");
            assertThat(e)
                    .isInstanceOf(AgentFailureException.class)
                    .hasMessageStartingWith("the agent's application is down though GET /api/v1/health answers 200")
                    .hasMessageContaining("unknown process");
        }

        @Test
        void other_errors_stay_api_errors() {
            assertThat(RestFormaeClient.failure(
                            "POST /api/v1/commands (apply)", 409, "{\"error\":\"ConflictingCommands\"}"))
                    .isNotInstanceOf(AgentFailureException.class)
                    .extracting(FormaeApiException::error)
                    .isEqualTo("ConflictingCommands");
        }
    }

    @Nested
    @DisplayName("#6 a stale PID file on restart")
    class StalePidFile {
        @TempDir
        Path dir;

        @Test
        void is_stale_when_no_process_holds_it() throws Exception {
            Process p = new ProcessBuilder("true").start();
            p.waitFor();
            Path file = dir.resolve("formae.pid");
            Files.writeString(file, p.pid() + "\n");

            assertThat(CliAgent.stalePid(file)).contains(p.pid());
        }

        @Test
        void is_kept_while_a_live_process_holds_it() throws IOException {
            Path file = dir.resolve("formae.pid");
            Files.writeString(file, Long.toString(ProcessHandle.current().pid()));

            assertThat(CliAgent.stalePid(file)).isEmpty();
            assertThat(CliAgent.stalePid(dir.resolve("absent.pid"))).isEmpty();
        }
    }

    @Nested
    @DisplayName("#9 CLI failure text with the usage block first")
    class UsageFirst {
        private final String stderr =
                """
                Usage:
                  formae apply [flags] <forma file>

                Flags:
                  -h, --help                     help for apply
                      --mode string              reconcile or patch
                      --output-consumer string   human or machine (default "human")
                      --output-schema string     json or yaml (default "json")
                      --yes                      skip the confirmation

                Global Flags:
                      --config string   config file (default "$HOME/.config/formae/formae.conf.pkl")

                Error: failed to apply forma: 409 ConflictingCommands: a command for stack perf-test-perf-1a2b3c4d is still running
                """;

        @Test
        void keeps_the_reason_first() {
            assertThat(CliFormaeClient.reason(stderr))
                    .startsWith("Error: failed to apply forma: 409 ConflictingCommands: a command for stack"
                            + " perf-test-perf-1a2b3c4d is still running");
            assertThat(CliFormaeClient.errorName(stderr)).isEqualTo("ConflictingCommands");
        }
    }

    @Nested
    @DisplayName("#10 the CLI's configured API URL")
    class ConfiguredApi {
        @Test
        void is_read_from_formae_conf_pkl_as_run_agent_sh_writes_it() {
            CliConfig config = CliConfig.parse(
                    Path.of("/tmp/fa83/home"),
                    """
                    amends "formae:/Config.pkl"

                    agent {
                      server { port = 49700 }
                      datastore {
                        datastoreType = "sqlite"
                        sqlite { filePath = "/tmp/fa83/data/formae.db" }
                      }
                      synchronization { enabled = false }
                      discovery { enabled = false }
                      logging { filePath = "/tmp/fa83/formae.log" }
                    }

                    cli {
                      api { url = "http://127.0.0.1"; port = 49700 }
                      disableUsageReporting = true
                    }
                    """);

            assertThat(config.apiUri()).hasToString("http://127.0.0.1:49700");
            assertThat(config.logFile()).isEqualTo(Path.of("/tmp/fa83/formae.log"));
        }

        @Test
        void defaults_to_formae_s_own_port_without_a_file(@TempDir Path home) {
            CliConfig config = CliConfig.read(home);
            assertThat(config.apiUri()).hasToString("http://localhost:49684");
            assertThat(config.logFile()).isEqualTo(home.resolve(".pel/formae/log/formae.log"));
        }

        @Test
        void is_an_error_when_both_url_and_binary_are_set(@TempDir Path dir) {
            PerfConfig config = PerfConfig.of(
                    Map.of(PerfConfig.FORMAE_URL, "http://127.0.0.1:49700", PerfConfig.FORMAE_BINARY, "/opt/formae"),
                    Map.of(),
                    Map.of());
            assertThatThrownBy(() -> AgentResolution.resolve(config, new AgentSettings(Map.of(), List.of(), 1.0), dir))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith(
                            "perf.formae.url=http://127.0.0.1:49700 and perf.formae.binary=/opt/formae are both set");
        }
    }

    @Nested
    @DisplayName("#11 a 500 on an empty status query")
    class EmptyStatusQuery {
        @Test
        void means_no_command() {
            assertThat(StatusJson.isNoCommandsFound(500, "{\"error\":\"no forma commands found for client\"}"))
                    .isTrue();
            assertThat(StatusJson.isNoCommandsFound(404, "")).isTrue();
            assertThat(StatusJson.isNoCommandsFound(500, "{\"error\":\"database is locked\"}"))
                    .isFalse();
        }
    }

    @Nested
    @DisplayName("#7 re-execution in the agent log's plugin operations")
    class PluginOperations {
        private String created(String label) {
            return ESC + "[2m2026-12-01T10:04:27Z" + ESC + "[0m DBG Resource command successful, persisting... " + ESC
                    + "[2mstackLabel=" + ESC + "[0mstack-e1 " + ESC + "[2mresourceLabel=" + ESC + "[0m" + label + " "
                    + ESC + "[2mcommand=" + ESC + "[0mcreate";
        }

        @Test
        void counts_creates_per_label_of_the_stack() {
            Map<String, Integer> creates = AgentLog.pluginOperations(
                    List.of(created("e1-b3"), created("e1-b4"), created("e1-b3")), "stack-e1", "create");
            assertThat(creates).containsEntry("e1-b3", 2).containsEntry("e1-b4", 1);
            assertThat(AgentLog.pluginOperations(List.of(created("e1-b3")), "stack-other", "create"))
                    .isEmpty();
        }
    }

    /** A client whose commands never show in status. */
    private static final class FakeClient implements FormaeClient {
        boolean noChanges;

        @Override
        public String apply(Forma forma, String mode) {
            return "3Mrr";
        }

        @Override
        public String destroy(Forma forma) {
            return "3Mrr";
        }

        @Override
        public String destroyByQuery(String query) {
            return "3Mrr";
        }

        @Override
        public Optional<CommandStatus> status(String commandId) {
            return Optional.empty();
        }

        @Override
        public List<CommandStatus> statusQuery(String query, int maxResults) {
            return List.of();
        }

        @Override
        public List<String> cancel(String query) {
            return List.of();
        }

        @Override
        public Inventory inventory(String query) {
            return new Inventory(query, List.of());
        }

        @Override
        public void synchronize() {}

        @Override
        public boolean isHealthy() {
            return true;
        }

        @Override
        public boolean answeredNoChanges(String commandId) {
            return noChanges;
        }

        @Override
        public String describe() {
            return "fake";
        }
    }
}
