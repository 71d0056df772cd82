package dev.infraperf.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --schema formae} against a local package layout shaped like the real packages (no network): the published
 * aws package's {@code VPCGatewayAttachment} has no {@code res}, and {@code RecordSet.resourceRecords} is a union
 * {@code (Listing<String|Resolvable>|Resolvable)?} that cannot be amended. Recorded in formae-conformance.md
 * against 0.75.6's packages and formae 0.89.0-dev.7 with formae-plugin-aws HEAD.
 */
@DisplayName("A project generated for the published packages")
class PublishedSchemaShapeTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("evaluates against packages shaped like the real ones")
    void evaluates_against_a_layout_shaped_like_the_real_packages() throws IOException {
        EnvironmentGenerator generator =
                EnvironmentGenerator.of(200, "us-east-1", "perf-12345678").withSchema(SchemaSource.FORMAE);
        Path project = dir.resolve("project");
        generator.writeProject(project);
        useRealShapedPackages(project);

        Path json = generator.evaluate(project);

        assertThat(Files.readString(project.resolve("networking.pkl")))
                .contains("gatewayId = igwAttach0.internetGatewayId")
                .doesNotContain("igwAttach0.res.");
        assertThat(Files.readString(json)).contains("\"Label\": \"perf-12345678-vpc-0\"");
        try (Stream<Path> modules = Files.list(project)) {
            String all = modules.filter(p -> p.toString().endsWith(".pkl"))
                    .map(PublishedSchemaShapeTest::read)
                    .reduce("", String::concat);
            if (generator.countsPerType().getOrDefault("AWS::Route53::RecordSet", 0) > 0) {
                assertThat(all).contains("resourceRecords = new Listing {").doesNotContain("resourceRecords {");
            }
        }
    }

    @Test
    @DisplayName("where the local project's syntax fails, as it did against the real packages")
    void the_local_syntax_fails_against_the_real_shape() throws IOException {
        EnvironmentGenerator generator =
                EnvironmentGenerator.of(200, "us-east-1", "perf-12345678").withSchema(SchemaSource.LOCAL);
        Path project = dir.resolve("local");
        generator.writeProject(project);
        useRealShapedPackages(project);

        assertThatThrownBy(() -> generator.evaluate(project))
                .isInstanceOf(EnvironmentEvaluationException.class)
                .hasMessageContaining("res");
    }

    /** The local stand-in packages, reshaped where the published ones differ, as the project's dependencies. */
    private void useRealShapedPackages(Path project) throws IOException {
        Path local = dir.resolve("layout");
        EnvironmentGenerator.of(10, "us-east-1", "perf-00000000")
                .withSchema(SchemaSource.LOCAL)
                .writeProject(local);
        for (String file : new String[] {"PklProject", "PklProject.deps.json"}) {
            Files.copy(local.resolve(file), project.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        copyTree(local.resolve("schema"), project.resolve("schema"));
        Path attachment = project.resolve("schema/aws/ec2/vpcgatewayattachment.pkl");
        Files.writeString(
                attachment,
                Files.readString(attachment).replaceAll("(?m)^\\s*hidden res: .*$", "  // no res in the real package"));
        Path recordSet = project.resolve("schema/aws/route53/recordset.pkl");
        Files.writeString(
                recordSet,
                Files.readString(recordSet)
                        .replace(
                                "resourceRecords: Listing<String|formae.Resolvable>?",
                                "resourceRecords: (Listing<String|formae.Resolvable>|formae.Resolvable)?"));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
