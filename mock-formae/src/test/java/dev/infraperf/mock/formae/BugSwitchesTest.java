package dev.infraperf.mock.formae;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.infraperf.mock.formae.cloud.CloudFaults;
import dev.infraperf.mock.formae.cloud.SimulatedCloudClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each bug switch shows its documented symptom when on and not when off. All agents share one
 * simulated cloud, each on its own stack; they are started together, and the agents without the bug
 * serve several tests, because on a shared 2-core machine a JVM start is the dearest step here.
 */
class BugSwitchesTest {

    @TempDir
    static Path tempDir;

    static CloudProcess cloudProcess;
    static SimulatedCloudClient cloud;
    static final Map<String, RunningMockFormae> agents = new ConcurrentHashMap<>();

    /** Agents by name: the bug switches they run with and their settings. */
    private static final Map<String, Consumer<MockFormaeLauncher.Builder>> AGENTS = Map.of(
            "fixed", b -> {},
            "fixed-rate-limited", b -> b.rateLimit(2),
            "persist-timeout", b -> b.bugs(Set.of("persist-timeout")),
            "resume-inprogress-only", b -> b.bugs(Set.of("persist-timeout", "resume-inprogress-only")),
            "reset-states-on-restart", b -> b.bugs(Set.of("reset-states-on-restart")),
            "delete-order", b -> b.bugs(Set.of("delete-order")),
            "sync-exclusions-leak", b -> b.bugs(Set.of("sync-exclusions-leak")),
            "orphan-on-cancel", b -> b.bugs(Set.of("orphan-on-cancel")),
            "no-resume-while-canceling",
                    b -> b.bugs(Set.of("no-resume-while-canceling")).rateLimit(2),
            "no-canceling-state", b -> b.bugs(Set.of("no-canceling-state")));

    @BeforeAll
    static void startCloudAndAgents() {
        cloudProcess = CloudProcess.start(
                List.of("--latency-scale", "0"), tempDir.resolve("cloud.out"), Duration.ofSeconds(60));
        cloud = new SimulatedCloudClient(cloudProcess.uri());
        cloud.setQuota("L-F678F1CE", 1_000); // every agent run creates a VPC; AWS's default quota is 5
        List<CompletableFuture<Void>> starting = new ArrayList<>();
        AGENTS.forEach((name, config) -> starting.add(CompletableFuture.runAsync(() -> {
            MockFormaeLauncher.Builder builder = MockFormaeLauncher.builder()
                    .dataDir(tempDir.resolve(name))
                    .rateLimit(0)
                    .maxConcurrency(5)
                    .persistCallTimeout(Duration.ofMillis(150))
                    .legacyStoreCost(Duration.ofMillis(3))
                    .syncInterval(Duration.ZERO)
                    .startTimeout(Duration.ofSeconds(120))
                    .cloudUrl(cloudProcess.uri());
            config.accept(builder);
            agents.put(name, builder.start());
        })));
        CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
    }

    @AfterEach
    void resetFaults() {
        cloud.resetFaults();
    }

    @AfterAll
    static void stopAll() {
        agents.values().forEach(RunningMockFormae::close);
        if (cloudProcess != null) {
            cloudProcess.close();
        }
    }

    /** One agent of a pair, with its client and its own environment id. */
    record Run(RunningMockFormae formae, AgentClient client, String env) {}

    interface Scenario<T> {
        T run(Run run) throws Exception;
    }

    /** Runs the scenario on the agent named {@code on} and the one named {@code off}, side by side. */
    private static <T> List<T> onAndOff(String on, String off, Scenario<T> scenario) {
        CompletableFuture<T> withBug = CompletableFuture.supplyAsync(() -> runOne(on, scenario));
        CompletableFuture<T> without = CompletableFuture.supplyAsync(() -> runOne(off, scenario));
        return List.of(withBug.join(), without.join());
    }

    private static <T> T runOne(String name, Scenario<T> scenario) {
        RunningMockFormae formae = agents.get(name);
        try {
            return scenario.run(
                    new Run(formae, new AgentClient(formae.uri(), "client-" + Fixtures.envId()), Fixtures.envId()));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String id(AgentClient.Response response) {
        assertThat(response.status()).as("submit answered %s", response.raw()).isEqualTo(202);
        return response.body().path("CommandId").asText();
    }

    private static boolean logHas(Run run, String text) {
        return Fixtures.logLines(run.formae().logFile()).stream().anyMatch(l -> l.contains(text));
    }

    // ------------------------------------------------------------------------------------------ bug 1

    record StoreOutcome(int status, String body, String stateAfter, int cloudResources, boolean logged) {}

    @Test
    void persist_timeout_answers_500_while_the_command_stays_stored_not_started() {
        List<StoreOutcome> outcomes = onAndOff("persist-timeout", "fixed", run -> {
            AgentClient.Response r = run.client().apply(Fixtures.forma(run.env(), 200), "reconcile");
            String id = mostRecentId(run);
            JsonNode later;
            if (r.status() == 202) {
                later = Fixtures.awaitFinal(run.client(), id, Duration.ofSeconds(30));
            } else {
                Fixtures.awaitCommand(
                        run.client(),
                        id,
                        Duration.ofSeconds(20),
                        c -> c.path("ResourceUpdates").size() == 200);
                Thread.sleep(500); // time enough to start, had it been started
                later = run.client().command(id);
            }
            return new StoreOutcome(
                    r.status(),
                    r.raw(),
                    later.path("State").asText(),
                    Fixtures.cloudIds(cloud, run.env()).size(),
                    logHas(run, "ERR failed to store forma command: timeout"));
        });
        StoreOutcome on = outcomes.get(0);
        assertThat(on.status()).isEqualTo(500);
        assertThat(on.body()).contains("failed to store forma command");
        assertThat(on.stateAfter()).isEqualTo("NotStarted");
        assertThat(on.cloudResources()).isZero();
        assertThat(on.logged()).isTrue();

        StoreOutcome off = outcomes.get(1);
        assertThat(off.status()).isEqualTo(202);
        assertThat(off.stateAfter()).isEqualTo("Success");
        assertThat(off.cloudResources()).isEqualTo(200);
        assertThat(off.logged()).isFalse();
    }

    private static String mostRecentId(Run run) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            AgentClient.Response r = run.client().status("", 1);
            if (r.status() == 200) {
                return r.body().path("Commands").get(0).path("CommandId").asText();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no command of " + run.env() + " was stored");
    }

    // ------------------------------------------------------------------------------------------ bug 2

    @Test
    void resume_inprogress_only_leaves_a_not_started_command_unrun_after_restart() {
        List<String> states = onAndOff("resume-inprogress-only", "persist-timeout", run -> {
            AgentClient.Response r = run.client().apply(Fixtures.forma(run.env(), 100), "reconcile");
            assertThat(r.status()).isEqualTo(500);
            String id = mostRecentId(run);
            Fixtures.awaitCommand(
                    run.client(),
                    id,
                    Duration.ofSeconds(20),
                    c -> c.path("ResourceUpdates").size() == 100);
            run.formae().restart();
            try {
                // A resumed command starts at once; give it a few seconds to leave NotStarted.
                Fixtures.awaitCommand(run.client(), id, Duration.ofSeconds(4), c -> !c.path("State")
                        .asText()
                        .equals("NotStarted"));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                return run.client().command(id).path("State").asText();
            }
            return Fixtures.awaitFinal(run.client(), id, Duration.ofSeconds(30))
                    .path("State")
                    .asText();
        });
        assertThat(states.get(0)).as("with resume-inprogress-only").isEqualTo("NotStarted");
        assertThat(states.get(1)).as("without").isEqualTo("Success");
    }

    // ------------------------------------------------------------------------------------------ bug 4

    record RestartOutcome(long before, long afterRestart, String finalState, long finalSuccess, int cloudResources) {}

    @Test
    void reset_states_on_restart_loses_success_counts_and_runs_finished_creates_again() {
        Fixtures.slow(cloud, Duration.ofMillis(250), Fixtures.SYNTHETIC_TYPES);
        List<RestartOutcome> outcomes = onAndOff("reset-states-on-restart", "fixed", run -> {
            String id = id(run.client().apply(Fixtures.forma(run.env(), 24), "reconcile"));
            JsonNode seen = Fixtures.awaitCommand(
                    run.client(), id, Duration.ofSeconds(20), c -> Fixtures.count(c, "Success") >= 6);
            run.formae().kill();
            long before = Fixtures.count(seen, "Success");
            run.formae().restart();
            long after = Fixtures.count(run.client().command(id), "Success");
            JsonNode done = Fixtures.awaitFinal(run.client(), id, Duration.ofSeconds(30));
            return new RestartOutcome(
                    before,
                    after,
                    done.path("State").asText(),
                    Fixtures.count(done, "Success"),
                    Fixtures.cloudIds(cloud, run.env()).size());
        });
        RestartOutcome on = outcomes.get(0);
        assertThat(on.afterRestart()).as("successes after restart, bug on").isLessThan(on.before());
        assertThat(on.finalState().equals("Success") && on.cloudResources() == 24)
                .as("bug on: final %s with %s cloud resources for 24 updates", on.finalState(), on.cloudResources())
                .isFalse();

        RestartOutcome off = outcomes.get(1);
        assertThat(off.afterRestart()).isGreaterThanOrEqualTo(off.before());
        assertThat(off.finalState()).isEqualTo("Success");
        assertThat(off.finalSuccess()).isEqualTo(24);
        assertThat(off.cloudResources()).isEqualTo(24);
    }

    // ------------------------------------------------------------------------------------------ bug 5

    record DestroyOutcome(String state, String errors, int cloudResources) {}

    @Test
    void delete_order_deletes_hosted_zones_before_their_record_sets() {
        cloud.setFaults(CloudFaults.none().withLatency("AWS::Route53::RecordSet", "delete", Duration.ofMillis(400)));
        List<DestroyOutcome> outcomes = onAndOff("delete-order", "fixed", run -> {
            ObjectNode forma = Fixtures.forma(run.env(), 10);
            Fixtures.awaitFinal(run.client(), id(run.client().apply(forma, "reconcile")), Duration.ofSeconds(20));
            JsonNode done = Fixtures.awaitFinal(run.client(), id(run.client().destroy(forma)), Duration.ofSeconds(20));
            return new DestroyOutcome(
                    done.path("State").asText(),
                    done.path("ResourceUpdates")
                            .findValuesAsText("ErrorMessage")
                            .toString(),
                    Fixtures.cloudIds(cloud, run.env()).size());
        });
        assertThat(outcomes.get(0).state()).isEqualTo("Failed");
        assertThat(outcomes.get(0).errors()).contains("HostedZoneNotEmpty");
        assertThat(outcomes.get(0).cloudResources()).isPositive();

        assertThat(outcomes.get(1).state()).isEqualTo("Success");
        assertThat(outcomes.get(1).errors()).doesNotContain("HostedZoneNotEmpty");
        assertThat(outcomes.get(1).cloudResources()).isZero();
    }

    // ------------------------------------------------------------------------------------------ cancel

    /**
     * Applies 10 resources, each taking 2.5 s on the cloud, 5 at a time, and cancels once 5 are in flight
     * and 5 have not started.
     */
    private static JsonNode applyAndCancelWhileFiveRun(Run run, String[] stateAfterCancel) throws Exception {
        String id = id(run.client().apply(Fixtures.forma(run.env(), 10), "reconcile"));
        Fixtures.awaitCommand(run.client(), id, Duration.ofSeconds(20), c -> Fixtures.count(c, "InProgress") == 5);
        AgentClient.Response cancel = run.client().cancel("id:" + id);
        assertThat(cancel.status()).isEqualTo(202);
        assertThat(cancel.body().path("CommandIds").get(0).asText()).isEqualTo(id);
        stateAfterCancel[0] = run.client().command(id).path("State").asText();
        return Fixtures.awaitFinal(run.client(), id, Duration.ofSeconds(20));
    }

    @Test
    void no_canceling_state_reports_in_progress_while_a_cancel_waits() {
        Fixtures.slow(cloud, Duration.ofMillis(2500), Fixtures.SYNTHETIC_TYPES);
        List<String[]> outcomes = onAndOff("no-canceling-state", "fixed", run -> {
            String[] during = new String[1];
            JsonNode done = applyAndCancelWhileFiveRun(run, during);
            return new String[] {during[0], done.path("State").asText()};
        });
        assertThat(outcomes.get(0)).containsExactly("InProgress", "Canceled");
        assertThat(outcomes.get(1)).containsExactly("Canceling", "Canceled");
    }

    record DriftOutcome(boolean staleAfterSync, long bucketsSucceeded) {}

    @Test
    void sync_exclusions_leak_keeps_a_resource_deleted_out_of_band_in_the_inventory() {
        Fixtures.slow(cloud, Duration.ofMillis(2500), Fixtures.SYNTHETIC_TYPES);
        List<DriftOutcome> outcomes = onAndOff("sync-exclusions-leak", "fixed", run -> {
            JsonNode done = applyAndCancelWhileFiveRun(run, new String[1]);
            // Five creates finished while canceling; delete the bucket behind the agent's back.
            JsonNode bucket = run.client()
                    .resources("stack:" + Fixtures.stack(run.env()) + " type:AWS::S3::Bucket")
                    .body()
                    .path("Resources")
                    .get(0);
            String nativeId = bucket.path("NativeID").asText();
            assertThat(cloud.deleteOutOfBand(nativeId)).isPresent();
            assertThat(run.client().synchronize().status()).isEqualTo(200);
            return new DriftOutcome(
                    Fixtures.inventoryIds(run.client(), run.env()).contains(nativeId), Fixtures.count(done, "Success"));
        });
        assertThat(outcomes.get(0).bucketsSucceeded()).isEqualTo(5);
        assertThat(outcomes.get(0).staleAfterSync())
                .as("stale entry with the bug")
                .isTrue();
        assertThat(outcomes.get(1).staleAfterSync())
                .as("stale entry without the bug")
                .isFalse();
    }

    record OrphanOutcome(String cancelState, int cloudAfterDestroy, int inventoryAfterDestroy) {}

    @Test
    void orphan_on_cancel_leaves_created_buckets_that_destroy_cannot_see() {
        Fixtures.slow(cloud, Duration.ofMillis(2500), Fixtures.SYNTHETIC_TYPES);
        List<OrphanOutcome> outcomes = onAndOff("orphan-on-cancel", "fixed", run -> {
            JsonNode canceled = applyAndCancelWhileFiveRun(run, new String[1]);
            // Let the cloud finish the creates the agent gave up on.
            Thread.sleep(2_700);
            ObjectNode forma = Fixtures.forma(run.env(), 10);
            Fixtures.awaitFinal(run.client(), id(run.client().destroy(forma)), Duration.ofSeconds(20));
            return new OrphanOutcome(
                    canceled.path("State").asText(),
                    Fixtures.cloudIds(cloud, run.env()).size(),
                    Fixtures.managedCount(run.client(), run.env()));
        });
        assertThat(outcomes.get(0).cancelState()).isEqualTo("Canceled");
        assertThat(outcomes.get(0).cloudAfterDestroy())
                .as("orphans with the bug")
                .isEqualTo(5);
        assertThat(outcomes.get(0).inventoryAfterDestroy()).isZero();
        assertThat(outcomes.get(1).cloudAfterDestroy())
                .as("orphans without the bug")
                .isZero();
        assertThat(outcomes.get(1).inventoryAfterDestroy()).isZero();
    }

    record CrashOutcome(
            boolean crashLogged,
            String state,
            long inProgress,
            long success,
            long failed,
            long canceled,
            int total,
            int inventory) {}

    @Test
    void no_resume_while_canceling_kills_the_executor_on_the_rate_limit_retry() {
        Fixtures.slow(cloud, Duration.ofMillis(1800), Fixtures.SYNTHETIC_TYPES);
        List<CrashOutcome> outcomes = onAndOff("no-resume-while-canceling", "fixed-rate-limited", run -> {
            String id = id(run.client().apply(Fixtures.forma(run.env(), 10), "reconcile"));
            Fixtures.awaitCommand(run.client(), id, Duration.ofSeconds(10), c -> Fixtures.count(c, "InProgress") >= 2);
            assertThat(run.client().cancel("id:" + id).status()).isEqualTo(202);
            // The rate-limit Resume comes within 1 s, while the creates in flight take 1.8 s.
            String crash = "ERR process terminated abnormally - No handler for message changeset.Resume";
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(15))
                    .until(() -> logHas(run, crash)
                            || Fixtures.FINAL.contains(
                                    run.client().command(id).path("State").asText()));
            // Long enough for every create in flight to have finished on the cloud.
            Thread.sleep(2_500);
            JsonNode c = run.client().command(id);
            return new CrashOutcome(
                    logHas(
                            run,
                            "ERR process terminated abnormally - No handler for message changeset.Resume"
                                    + " in state 'canceling'"),
                    c.path("State").asText(),
                    Fixtures.count(c, "InProgress"),
                    Fixtures.count(c, "Success"),
                    Fixtures.count(c, "Failed"),
                    Fixtures.count(c, "Canceled"),
                    c.path("ResourceUpdates").size(),
                    Fixtures.managedCount(run.client(), run.env()));
        });
        CrashOutcome on = outcomes.get(0);
        assertThat(on.crashLogged()).isTrue();
        assertThat(on.state()).isNotIn("Canceled", "Success", "Failed");
        assertThat(on.inProgress()).as("updates whose results were lost").isPositive();
        assertThat(on.success() + on.failed() + on.canceled()).isLessThan(on.total());

        CrashOutcome off = outcomes.get(1);
        assertThat(off.crashLogged()).isFalse();
        assertThat(off.state()).isEqualTo("Canceled");
        assertThat(off.success() + off.failed() + off.canceled()).isEqualTo(off.total());
        assertThat(off.inventory()).isEqualTo((int) off.success());
    }
}
