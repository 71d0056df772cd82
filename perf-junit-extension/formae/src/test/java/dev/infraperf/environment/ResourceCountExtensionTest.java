package dev.infraperf.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.infraperf.config.ConfigurationException;
import dev.infraperf.config.PerfConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** Runs the JUnit engine on fixture classes that use {@link ResourceCount}. */
class ResourceCountExtensionTest {

    static final List<GeneratedEnvironment> SEEN = new CopyOnWriteArrayList<>();

    @TempDir
    Path environments;

    @BeforeEach
    void forget_what_earlier_fixtures_saw() {
        SEEN.clear();
    }

    private Events run(Class<?> fixture, String... configuration) {
        EngineTestKit.Builder builder = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(fixture))
                .configurationParameter(ResourceCount.DIRECTORY_KEY, environments.toString());
        for (int i = 0; i < configuration.length; i += 2) {
            builder.configurationParameter(configuration[i], configuration[i + 1]);
        }
        return builder.execute().testEvents();
    }

    @Test
    void a_method_gets_its_environment_which_is_deleted_after_it_passed() {
        run(PassingMethod.class).assertStatistics(stats -> stats.succeeded(1).failed(0));

        GeneratedEnvironment environment = SEEN.get(0);
        assertThat(environment.region()).isEqualTo("us-east-2");
        assertThat(environment.requestedCount()).isEqualTo(1);
        assertThat(environment.stack()).isEqualTo("perf-test-" + environment.envId());
        assertThat(environment.directory().getParent())
                .isEqualTo(environments
                        .resolve("ResourceCountExtensionTest$PassingMethod")
                        .toAbsolutePath());
        assertThat(environment.directory()).doesNotExist();
        assertThat(environment.directory().getFileName().toString()).isEqualTo("creates-" + environment.envId());
    }

    @Test
    void the_environment_of_a_failed_test_is_kept() {
        run(FailingMethod.class).assertStatistics(stats -> stats.failed(1));

        GeneratedEnvironment environment = SEEN.get(0);
        assertThat(environment.directory().resolve("main.pkl")).exists();
        assertThat(environment.formaJson()).exists();
    }

    @Test
    void a_class_level_count_is_shared_by_the_class_tests_in_its_region() {
        run(SharedByClass.class).assertStatistics(stats -> stats.succeeded(2));

        assertThat(SEEN).hasSize(2);
        assertThat(SEEN.get(0)).isSameAs(SEEN.get(1));
        assertThat(SEEN.get(0).region()).isEqualTo("eu-west-1");
        assertThat(SEEN.get(0).directory()).doesNotExist();
    }

    @Test
    void perf_resource_scale_scales_the_count() {
        // A system property or environment variable would override the configuration parameter.
        assumeTrue(
                System.getProperty(PerfConfig.RESOURCE_SCALE) == null && System.getenv("PERF_RESOURCE_SCALE") == null,
                "perf.resourceScale is set outside the test; it overrides the configuration parameter under test");
        run(FourHundred.class, "perf.resourceScale", "0.25").assertStatistics(stats -> stats.succeeded(1));

        assertThat(SEEN.get(0).requestedCount()).isEqualTo(100);
        assertThat(SEEN.get(0).total()).isEqualTo(100);
    }

    @Test
    void another_extension_gets_the_same_environment_as_the_parameter() {
        run(WithAnotherExtension.class).assertStatistics(stats -> stats.succeeded(1));

        assertThat(SEEN).hasSize(2);
        assertThat(SEEN.get(0)).isSameAs(SEEN.get(1));
    }

    @Test
    void an_unsupported_region_fails_the_test_naming_annotation_value_and_supported_regions() {
        run(UnsupportedRegion.class)
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("needsEnvironment"),
                                finishedWithFailure(
                                        instanceOf(ConfigurationException.class),
                                        message("[eu-north-1] is not a supported region for @Region on"
                                                + " UnsupportedRegion.needsEnvironment; supported: us-east-1,"
                                                + " us-east-2, us-west-1, us-west-2, eu-west-1, eu-central-1,"
                                                + " ap-southeast-1"))));
    }

    @Test
    void another_extension_without_resource_count_fails_with_what_to_add() {
        run(WithoutResourceCount.class)
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("needsEnvironment"),
                                finishedWithFailure(
                                        instanceOf(ConfigurationException.class),
                                        message("No @ResourceCount on WithoutResourceCount.needsEnvironment: add"
                                                + " @ResourceCount(<number of resources>) to the test method or"
                                                + " class"))));
    }

    // --- fixtures (static nested: run only through the engine above) ---------------------------------

    static class PassingMethod {
        @Test
        @ResourceCount(1)
        void creates(GeneratedEnvironment environment) throws Exception {
            SEEN.add(environment);
            assertThat(environment.formaJson()).exists();
            assertThat(Files.readString(environment.mainPkl())).contains("amends \"@formae/forma.pkl\"");
        }
    }

    static class FailingMethod {
        @Test
        @ResourceCount(1)
        void fails(GeneratedEnvironment environment) {
            SEEN.add(environment);
            throw new AssertionError("the test failed");
        }
    }

    @ResourceCount(1)
    @Region("eu-west-1")
    static class SharedByClass {
        @Test
        void first(GeneratedEnvironment environment) {
            SEEN.add(environment);
        }

        @Test
        void second(GeneratedEnvironment environment) {
            SEEN.add(environment);
        }
    }

    static class FourHundred {
        @Test
        @ResourceCount(400)
        void scaled(GeneratedEnvironment environment) {
            SEEN.add(environment);
        }
    }

    /** What a Formae-cycle extension does: it asks for the environment instead of resolving it. */
    static class RecordingExtension implements BeforeEachCallback {
        @Override
        public void beforeEach(ExtensionContext context) {
            SEEN.add(GeneratedEnvironments.forContext(context));
        }
    }

    @ExtendWith(RecordingExtension.class)
    static class WithAnotherExtension {
        @Test
        @ResourceCount(1)
        void needsEnvironment(GeneratedEnvironment environment) {
            SEEN.add(environment);
        }
    }

    static class UnsupportedRegion {
        @Test
        @ResourceCount(1)
        @Region("eu-north-1")
        void needsEnvironment(GeneratedEnvironment environment) {}
    }

    @ExtendWith(RecordingExtension.class)
    static class WithoutResourceCount {
        @Test
        void needsEnvironment() {}
    }
}
