package dev.infraperf.cli;

import dev.infraperf.config.ConfigurationException;
import dev.infraperf.environment.EnvironmentGenerator;
import dev.infraperf.environment.GeneratedEnvironment;
import dev.infraperf.environment.SchemaSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code generate}: the original {@code generate-perf-test-env.py}, fixed, plus in-process evaluation. */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = "Generates a Formae test environment of N AWS resources as a Pkl project and evaluates it"
                + " to forma.json.")
final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-c", "--count"},
            defaultValue = "100",
            description = "Number of resources (default ${DEFAULT-VALUE}).")
    int count;

    @Option(
            names = {"-r", "--region"},
            defaultValue = "us-east-1",
            description = "AWS region (default ${DEFAULT-VALUE}).")
    String region;

    @Option(
            names = {"-o", "--output"},
            description = "Output directory (default ./perf-test-<envId>, the stack name).")
    Path output;

    @Option(
            names = "--schema",
            defaultValue = "local",
            description = "local (default; offline, evaluated) or formae"
                    + " (the published Formae packages; not evaluated).")
    String schema;

    @Option(
            names = "--formae-version",
            defaultValue = EnvironmentGenerator.DEFAULT_FORMAE_VERSION,
            description = "Version of the published formae package for --schema formae (default ${DEFAULT-VALUE}).")
    String formaeVersion;

    @Option(
            names = "--aws-version",
            defaultValue = EnvironmentGenerator.DEFAULT_AWS_VERSION,
            description = "Version of the published aws package for --schema formae (default ${DEFAULT-VALUE}).")
    String awsVersion;

    @Option(names = "--dry-run", description = "Print the counts per type only; write nothing.")
    boolean dryRun;

    @Option(names = "--force", description = "Write into a non-empty output directory.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (count < 1) {
            throw new ConfigurationException("[" + count + "] is not a valid --count; use a whole number >= 1");
        }
        SchemaSource schemaSource = schemaSource();
        if (!EnvironmentGenerator.supportedRegions().contains(region)) {
            throw new ConfigurationException("[" + region + "] is not a supported --region; supported: "
                    + String.join(", ", EnvironmentGenerator.supportedRegions()));
        }
        long start = System.nanoTime();
        EnvironmentGenerator generator = EnvironmentGenerator.of(count, region)
                .withSchema(schemaSource)
                .withFormaePackageVersions(formaeVersion, awsVersion);
        if (dryRun) {
            out.printf("Resource counts for --count %d in %s (dry run, nothing written):%n", count, region);
            printCounts(out, generator.countsPerType(), generator.total());
            return 0;
        }
        Path directory = output != null ? output : Path.of(generator.stack());
        checkOutput(directory);
        generator.writeProject(directory);
        double generateSeconds = (System.nanoTime() - start) / 1e9;
        long evaluationStart = System.nanoTime();
        Path formaJson = schemaSource == SchemaSource.LOCAL ? generator.evaluate(directory) : null;
        double evaluateSeconds = (System.nanoTime() - evaluationStart) / 1e9;
        GeneratedEnvironment environment = new GeneratedEnvironment(
                directory,
                generator.envId(),
                generator.stack(),
                region,
                count,
                generator.countsPerType(),
                formaJson,
                generator.total());
        out.printf(
                "Environment %s (stack %s) in %s: %d resources for --count %d%n",
                environment.envId(), environment.stack(), region, environment.total(), count);
        printCounts(out, environment.countsPerType(), environment.total());
        out.printf("Pkl project: %s%n", environment.mainPkl().toAbsolutePath());
        if (formaJson != null) {
            out.printf("Forma JSON:  %s (%d bytes)%n", formaJson.toAbsolutePath(), Files.size(formaJson));
        } else {
            out.println("Forma JSON:  not evaluated (--schema formae): run `pkl project resolve` in the project,"
                    + " then `formae apply --mode reconcile main.pkl`");
        }
        out.printf(Locale.ROOT, "timing: generate_s=%.3f eval_s=%.3f%n", generateSeconds, evaluateSeconds);
        return 0;
    }

    private SchemaSource schemaSource() {
        switch (schema.toLowerCase(Locale.ROOT)) {
            case "local":
                return SchemaSource.LOCAL;
            case "formae":
                return SchemaSource.FORMAE;
            default:
                throw new ConfigurationException("[" + schema + "] is not a valid --schema; use local or formae");
        }
    }

    private void checkOutput(Path directory) throws IOException {
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new ConfigurationException("--output " + directory + " is a file; give a directory");
        }
        if (Files.isDirectory(directory)) {
            boolean empty;
            try (Stream<Path> entries = Files.list(directory)) {
                empty = entries.findAny().isEmpty();
            }
            if (!empty && !force) {
                throw new ConfigurationException(
                        "--output " + directory + " is not empty; choose an empty directory or add --force");
            }
            // --force rewrites the generated files in place; these would otherwise be left stale.
            for (String stale : List.of("forma.json", "PklProject.deps.json")) {
                Files.deleteIfExists(directory.resolve(stale));
            }
        }
    }

    private static void printCounts(PrintWriter out, Map<String, Integer> counts, int total) {
        counts.forEach((type, n) -> out.printf("  %-42s %6d%n", type, n));
        out.printf("  %-42s %6d%n", "TOTAL", total);
    }
}
