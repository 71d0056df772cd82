package dev.infraperf.environment;

import dev.infraperf.config.ConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * Generates Formae test environments of any size: the resource types and count formulas of Formae's
 * {@code generate-perf-test-env.py}, with the fixes its perf-test plan found and without its flaws,
 * written as a Pkl project and evaluated in-process to Forma JSON.
 *
 * <pre>{@code
 * GeneratedEnvironment env = EnvironmentGenerator.of(2000, "us-east-2").writeTo(Path.of("/tmp/env"));
 * }</pre>
 *
 * <p>Immutable; {@code with...} return copies. Tests use {@link ResourceCount} instead.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class EnvironmentGenerator {

    private static final Pattern ENV_ID = Pattern.compile("perf-[0-9a-f]{8}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Default published schema versions for {@link SchemaSource#FORMAE}. */
    public static final String DEFAULT_FORMAE_VERSION = "0.88.1";

    public static final String DEFAULT_AWS_VERSION = "0.1.16";

    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?");

    private final EnvironmentPlan plan;
    private final SchemaSource schema;
    private final String formaeVersion;
    private final String awsVersion;

    private EnvironmentGenerator(EnvironmentPlan plan, SchemaSource schema, String formaeVersion, String awsVersion) {
        this.plan = plan;
        this.schema = schema;
        this.formaeVersion = formaeVersion;
        this.awsVersion = awsVersion;
    }

    /**
     * A generator for {@code count} resources in {@code region}, with a fresh random env id.
     *
     * @throws ConfigurationException if {@code count < 1} or the region is not one of {@link
     *     #supportedRegions()}
     */
    public static EnvironmentGenerator of(int count, String region) {
        return of(count, region, newEnvId());
    }

    /** As {@link #of(int, String)} with a given env id ({@code perf-} and 8 lowercase hex digits). */
    public static EnvironmentGenerator of(int count, String region, String envId) {
        if (count < 1) {
            throw new ConfigurationException("[" + count + "] is not a resource count; use a whole number >= 1");
        }
        if (envId == null || !ENV_ID.matcher(envId).matches()) {
            throw new ConfigurationException("[" + envId + "] is not an env id; use perf-<8 lowercase hex digits>");
        }
        SupportedRegions.check(region, "the environment generator");
        return new EnvironmentGenerator(
                EnvironmentPlanner.plan(count, region, envId),
                SchemaSource.LOCAL,
                DEFAULT_FORMAE_VERSION,
                DEFAULT_AWS_VERSION);
    }

    /** The seven regions with a known AMI, in the original generator's order. */
    public static List<String> supportedRegions() {
        return SupportedRegions.names();
    }

    /** {@code perf-} and 8 random hex digits. */
    public static String newEnvId() {
        byte[] bytes = new byte[4];
        RANDOM.nextBytes(bytes);
        return "perf-" + HexFormat.of().formatHex(bytes);
    }

    public EnvironmentGenerator withSchema(SchemaSource schema) {
        return new EnvironmentGenerator(plan, schema, formaeVersion, awsVersion);
    }

    /**
     * The versions of the published {@code formae} and {@code aws} packages that {@link
     * SchemaSource#FORMAE} points at (default {@value #DEFAULT_FORMAE_VERSION} and {@value
     * #DEFAULT_AWS_VERSION}); use those of the agent under test.
     *
     * @throws ConfigurationException if a version is not a semantic version
     */
    public EnvironmentGenerator withFormaePackageVersions(String formaeVersion, String awsVersion) {
        checkVersion(formaeVersion, "formae");
        checkVersion(awsVersion, "aws");
        return new EnvironmentGenerator(plan, schema, formaeVersion, awsVersion);
    }

    private static void checkVersion(String version, String name) {
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new ConfigurationException("[" + version + "] is not a version of the " + name
                    + " package; use a semantic version like 0.88.1");
        }
    }

    public String envId() {
        return plan.envId();
    }

    public String stack() {
        return plan.stack();
    }

    /** CloudFormation type to count, without writing anything (the original's {@code --dry-run}). */
    public Map<String, Integer> countsPerType() {
        return plan.countsPerType();
    }

    public int total() {
        return plan.total();
    }

    /**
     * Writes the Pkl project into {@code directory} (created if missing; existing files of the same
     * names are overwritten) and, for the local schema, evaluates it to {@code forma.json} beside it.
     *
     * @throws EnvironmentEvaluationException with Pkl's message if evaluation fails
     * @throws UncheckedIOException if writing fails
     */
    public GeneratedEnvironment writeTo(Path directory) {
        writeProject(directory);
        Path formaJson = schema == SchemaSource.LOCAL ? evaluate(directory) : null;
        return environment(directory, formaJson);
    }

    /** Writes the Pkl project only; see {@link #evaluate(Path)}. */
    public void writeProject(Path directory) {
        try {
            new PklProjectWriter(plan, formaeVersion, awsVersion).writeTo(directory, schema);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Pkl project to " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Evaluates a project written by {@link #writeProject(Path)} to {@code forma.json} beside it. */
    public Path evaluate(Path directory) {
        String json = FormaEvaluation.evaluate(directory);
        Path formaJson = directory.resolve("forma.json");
        try {
            Files.writeString(formaJson, json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + formaJson + ": " + e.getMessage(), e);
        }
        return formaJson;
    }

    GeneratedEnvironment environment(Path directory, Path formaJson) {
        return new GeneratedEnvironment(
                directory,
                plan.envId(),
                plan.stack(),
                plan.region(),
                plan.requestedCount(),
                plan.countsPerType(),
                formaJson,
                plan.total());
    }

    EnvironmentPlan plan() {
        return plan;
    }
}
