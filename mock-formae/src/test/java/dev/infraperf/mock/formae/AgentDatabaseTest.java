package dev.infraperf.mock.formae;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.infraperf.mock.formae.States.CommandState;
import dev.infraperf.mock.formae.States.Operation;
import dev.infraperf.mock.formae.States.UpdateState;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite store: one transaction per command, and what it costs. */
class AgentDatabaseTest {

    @TempDir
    Path dir;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Test
    void storing_a_10000_resource_command_costs_under_500_ms_of_cpu_and_reads_back_whole() {
        Forma forma = Forma.parse(Forma.JSON.createObjectNode().toString().getBytes());
        ObjectNode document = SyntheticForma.generate("perf-db", 10_000);
        forma = Forma.parse(document.toString().getBytes());
        try (AgentDatabase db = new AgentDatabase(dir.resolve("formae.db"))) {
            // Warm up the code paths on a small command first: the goal is about the steady state.
            store(db, forma, 200);
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            String id = store(db, forma, 10_000);
            long cpuMillis = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1_000_000;
            long wallMillis = (System.nanoTime() - wall0) / 1_000_000;
            System.out.printf("store 10000 updates: %d ms cpu, %d ms wall%n", cpuMillis, wallMillis);
            assertThat(cpuMillis)
                    .as("CPU time of storing 10,000 updates (wall %s ms)", wallMillis)
                    .isLessThan(500);

            List<ResourceUpdate> back = db.updatesOf(id);
            assertThat(back).hasSize(10_000);
            assertThat(back.get(1).references)
                    .isEqualTo(
                            forma.resources().get(1).properties().has("VpcId")
                                    ? List.copyOf(Forma.references(
                                            forma.resources().get(1).properties(),
                                            back.get(1).key.stack()))
                                    : back.get(1).references);
            assertThat(back.get(9_999).state).isEqualTo(UpdateState.NotStarted);
        }
    }

    @Test
    void a_status_of_a_2000_update_command_renders_in_under_50_ms_of_cpu() throws Exception {
        Forma forma =
                Forma.parse(SyntheticForma.generate("perf-st", 2_000).toString().getBytes());
        try (AgentDatabase db = new AgentDatabase(dir.resolve("formae.db"))) {
            String id = store(db, forma, 2_000);
            CommandRecord record = db.command(id).orElseThrow();
            byte[] body = new byte[0];
            for (int i = 0; i < 5; i++) { // warm-up
                body = Forma.JSON.writeValueAsBytes(StatusJson.command(record, db.statusUpdates(id), List.of()));
            }
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            body = Forma.JSON.writeValueAsBytes(StatusJson.command(record, db.statusUpdates(id), List.of()));
            long cpuMillis = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1_000_000;
            System.out.printf("status of 2000 updates: %d ms cpu, %d bytes%n", cpuMillis, body.length);
            assertThat(cpuMillis).as("CPU time of one status of 2,000 updates").isLessThan(50);
            assertThat(Forma.JSON.readTree(body).path("ResourceUpdates")).hasSize(2_000);
            assertThat(Forma.JSON.readTree(body).path("ResourceUpdates").get(1).path("Properties"))
                    .isEqualTo(forma.resources().get(1).properties());
        }
    }

    private static String store(AgentDatabase db, Forma forma, int count) {
        String id = Ksuid.next();
        List<ResourceUpdate> updates = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Forma.Resource r = forma.resources().get(i);
            updates.add(new ResourceUpdate(
                    id,
                    Ksuid.next(),
                    Operation.create,
                    i,
                    r.key(),
                    r.target(),
                    r.properties(),
                    null,
                    new ArrayList<>(Forma.references(r.properties(), r.stack())),
                    null));
        }
        Instant now = Instant.now();
        db.storeCommand(
                new CommandRecord(
                        id,
                        db.nextCommandSeq(),
                        "apply",
                        "reconcile",
                        CommandState.NotStarted,
                        "test",
                        now,
                        now,
                        false,
                        false,
                        List.of("s"),
                        null),
                updates,
                List.of());
        return id;
    }
}
