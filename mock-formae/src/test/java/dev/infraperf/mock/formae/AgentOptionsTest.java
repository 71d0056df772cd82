package dev.infraperf.mock.formae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The command line of the agent and the launcher's validation. */
class AgentOptionsTest {

    @Test
    void help_lists_every_bug_switch_with_one_line() {
        String usage = AgentOptions.usage();
        for (Bug bug : Bug.values()) {
            assertThat(usage).containsOnlyOnce("  " + bug.switchName + " ");
        }
        assertThatThrownBy(() -> AgentOptions.parse("--help")).isInstanceOf(AgentOptions.HelpRequested.class);
    }

    @Test
    void options_are_parsed_with_formae_defaults() {
        AgentOptions options = AgentOptions.parse(
                "--data-dir",
                "/tmp/x",
                "--bug",
                "delete-order",
                "--bug=orphan-on-cancel,no-canceling-state",
                "--rate-limit",
                "off",
                "--sync-interval",
                "30s");
        assertThat(options.port()).isEqualTo(49684);
        assertThat(options.dataDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(options.bugs())
                .containsExactlyInAnyOrder(Bug.DELETE_ORDER, Bug.ORPHAN_ON_CANCEL, Bug.NO_CANCELING_STATE);
        assertThat(options.rateLimit()).isZero();
        assertThat(options.syncInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(AgentOptions.parse("--data-dir", "d").rateLimit()).isEqualTo(2.0);
        assertThat(AgentOptions.parseRate("0.5/s")).isEqualTo(0.5);
    }

    @Test
    void bad_options_name_the_option_the_value_and_what_is_accepted() {
        assertThatThrownBy(() -> AgentOptions.parse("--data-dir", "d", "--bug", "bug-9"))
                .hasMessageContaining("[bug-9] is not a bug switch; use one of persist-timeout");
        assertThatThrownBy(() -> AgentOptions.parse("--data-dir", "d", "--rate-limit", "fast"))
                .hasMessage("--rate-limit [fast] is not a rate; use <n>/s (like 2/s) or off");
        assertThatThrownBy(() -> AgentOptions.parse("--data-dir", "d", "--sync-interval", "5 minutes"))
                .hasMessageContaining("--sync-interval [5 minutes] is not a duration; use <number>(ms|s|m|h)");
        assertThatThrownBy(() -> AgentOptions.parse("--port", "1")).hasMessageContaining("--data-dir is required");
        assertThatThrownBy(() -> MockFormaeLauncher.builder().bugs(Set.of("nope")))
                .hasMessageContaining("[nope] is not a bug switch");
        assertThatThrownBy(() -> MockFormaeLauncher.builder().start())
                .hasMessageContaining("dataDir(Path) is required");
    }

    @Test
    void request_limits_and_cloud_arguments_are_parsed_and_bad_ones_named() {
        AgentOptions options = AgentOptions.parse(
                "--data-dir=d",
                "--read-timeout",
                "2s",
                "--max-body-size",
                "512KiB",
                "--cloud-arg",
                "--latency-scale",
                "--cloud-arg=0",
                "--cloud",
                "http://u:p@127.0.0.1:1");
        assertThat(options.readTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(options.maxBodyBytes()).isEqualTo(512 * 1024);
        assertThat(options.cloudArgs()).containsExactly("--latency-scale", "0");
        assertThat(CloudConnection.redacted(options.cloud())).isEqualTo("http://***@127.0.0.1:1");
        AgentOptions defaults = AgentOptions.parse("--data-dir", "d");
        assertThat(defaults.readTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.maxBodyBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(defaults.port()).isEqualTo(49684);
        assertThatThrownBy(() -> AgentOptions.parse("--data-dir", "d", "--max-body-size", "lots"))
                .hasMessage("--max-body-size [lots] is not a size; use bytes or <n>KiB|MiB|GiB like 64MiB");
        assertThatThrownBy(() -> AgentOptions.parse("--data-dir", "d", "--read-timeout", "500ms"))
                .hasMessageContaining("--read-timeout [PT0.5S] is below the JDK server's granularity; use at least 1s");
        assertThatThrownBy(() -> AgentOptions.parse("--data-dir", "d", "--colour", "red"))
                .hasMessage("unknown option [--colour]; see --help");
        assertThatThrownBy(() -> AgentOptions.parse("--data-dir", "d", "--port"))
                .hasMessageContaining("--port");
    }

    @Test
    void a_stack_query_escapes_like_wildcards() {
        Queries.Filter filter = Queries.commands("stack:a%b_c\\d", "c");
        assertThat(filter.where()).startsWith("stacks LIKE ? ESCAPE '\\'");
        assertThat(filter.params()).containsExactly("%,a\\%b\\_c\\\\d,%");
    }

    @Test
    void queries_accept_formae_fields_and_reject_others() {
        Queries.Filter filter = Queries.commands("client:me status:InProgress", "c-1");
        assertThat(filter.where()).isEqualTo("client_id = ? AND LOWER(state) = LOWER(?) AND command != 'sync'");
        assertThat(filter.params()).containsExactly("c-1", "InProgress");
        assertThat(Queries.resources("type:AWS\\:\\:S3\\:\\:Bucket managed:true")
                        .params())
                .containsExactly("AWS::S3::Bucket", 1);
        assertThatThrownBy(() -> Queries.commands("state:inprogress", "c"))
                .hasMessageContaining("unknown field for StatusQuery: 'state'");
    }

    @Test
    void multipart_fields_are_read_byte_exact() {
        String body = "--b\r\nContent-Disposition: form-data; name=\"command\"\r\n\r\napply\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"forma.json\"\r\n"
                + "Content-Type: application/json\r\n\r\n{\"a\":\"x\\r\\n--c\"}\r\n--b--\r\n";
        var fields = Multipart.parse("multipart/form-data; boundary=b", body.getBytes());
        assertThat(new String(fields.get("command"))).isEqualTo("apply");
        assertThat(new String(fields.get("file"))).isEqualTo("{\"a\":\"x\\r\\n--c\"}");
        assertThatThrownBy(() -> Multipart.parse("application/json", new byte[0]))
                .hasMessageContaining("is not accepted; send multipart/form-data");
    }
}
