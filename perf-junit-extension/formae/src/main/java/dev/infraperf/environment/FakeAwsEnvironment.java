package dev.infraperf.environment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The generator profile for Formae's in-memory {@code FakeAWS} test plugin: N resources of the four types it has
 * ({@code FakeAWS::S3::Bucket}, {@code ::EC2::VPC}, {@code ::EC2::VPCCidrBlock}, {@code ::EC2::Instance}), so that an
 * {@code @ResourceCount} cycle runs on a real agent without a cloud. Writes a Pkl project ({@code PklProject},
 * {@code fakeaws.pkl} with the schema of the four types, {@code main.pkl}) for the CLI face, and the same forma as
 * {@code forma.json} for the REST face.
 *
 * <p>No resource refers to another's read-only attribute: FakeAWS returns none, so a {@code .res} reference (a
 * CIDR block's {@code VpcId}) fails with {@code Unable to resolve property VpcId in cached properties}. The CIDR
 * block names its VPC by label as a plain string instead.
 *
 * <pre>{@code
 * GeneratedEnvironment env = FakeAwsEnvironment.of(40)
 *         .withFormaeSchema(Path.of("/tmp/formae-0.83.0/schema/formae")) // offline; default the published package
 *         .writeTo(dir);
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class FakeAwsEnvironment {

    /** The types, in generation order. */
    public static final List<String> TYPES =
            List.of("FakeAWS::S3::Bucket", "FakeAWS::EC2::VPC", "FakeAWS::EC2::VPCCidrBlock", "FakeAWS::EC2::Instance");

    /** The target every resource goes to. */
    static final String TARGET = "fake-target";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final int count;
    private final String envId;
    private final Optional<Path> formaeSchema;
    private final String formaeVersion;

    private FakeAwsEnvironment(int count, String envId, Optional<Path> formaeSchema, String formaeVersion) {
        if (count < 1) {
            throw new IllegalArgumentException("a FakeAWS environment needs at least 1 resource, got " + count);
        }
        this.count = count;
        this.envId = Objects.requireNonNull(envId, "envId");
        this.formaeSchema = formaeSchema;
        this.formaeVersion = formaeVersion;
    }

    /** {@code count} resources under a fresh environment id. */
    public static FakeAwsEnvironment of(int count) {
        return new FakeAwsEnvironment(
                count, EnvironmentGenerator.newEnvId(), Optional.empty(), EnvironmentGenerator.DEFAULT_FORMAE_VERSION);
    }

    /** The same environment under {@code envId} ({@code perf-<8 hex>}). */
    public FakeAwsEnvironment withEnvId(String envId) {
        return new FakeAwsEnvironment(count, envId, formaeSchema, formaeVersion);
    }

    /**
     * Resolve {@code @formae} from a local copy of the formae Pkl package ({@code <dir>/PklProject}, e.g. the
     * {@code schema/formae} of an agent build), for a machine without network.
     */
    public FakeAwsEnvironment withFormaeSchema(Path directory) {
        return new FakeAwsEnvironment(count, envId, Optional.of(directory.toAbsolutePath()), formaeVersion);
    }

    /** Resolve {@code @formae} from the published package at {@code version} (a released tag). */
    public FakeAwsEnvironment withFormaeVersion(String version) {
        return new FakeAwsEnvironment(count, envId, Optional.empty(), version);
    }

    /** {@code perf-test-<envId>}, as for the AWS profile. */
    public String stack() {
        return "perf-test-" + envId;
    }

    /** Resources per type: 40% buckets, 20% each of the others (remainders to buckets). */
    public Map<String, Integer> countsPerType() {
        int vpcs = count / 5;
        int blocks = count / 5;
        int instances = count / 5;
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put(TYPES.get(0), count - vpcs - blocks - instances);
        counts.put(TYPES.get(1), vpcs);
        counts.put(TYPES.get(2), blocks);
        counts.put(TYPES.get(3), instances);
        counts.values().removeIf(n -> n == 0);
        return counts;
    }

    /** Writes the Pkl project and {@code forma.json} into {@code directory}. */
    public GeneratedEnvironment writeTo(Path directory) {
        try {
            Files.createDirectories(directory);
            write(directory.resolve("PklProject"), pklProject());
            if (formaeSchema.isPresent()) {
                write(directory.resolve("PklProject.deps.json"), localDependency(directory, formaeSchema.get()));
            }
            write(directory.resolve("fakeaws.pkl"), resource("/dev/infraperf/environment/schema/fakeaws/fakeaws.pkl"));
            write(directory.resolve("main.pkl"), mainPkl());
            Path json = directory.resolve("forma.json");
            write(json, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(formaJson()));
            Map<String, Integer> counts = countsPerType();
            return new GeneratedEnvironment(directory, envId, stack(), "us-east-2", count, counts, json, count);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the FakeAWS environment to " + directory, e);
        }
    }

    String pklProject() {
        String dependency = formaeSchema
                .map(dir -> "import(\"" + dir.resolve("PklProject").toString().replace("\\", "/") + "\")")
                .orElse("new { uri = \"" + "package://hub.platform.engineering/plugins/pkl/schema/pkl/formae/formae@"
                        + formaeVersion + "\" }");
        return """
                // Generated by infra-perf: a FakeAWS environment (Formae's in-memory test plugin).
                amends "pkl:Project"

                dependencies {
                  ["formae"] = %s
                }
                """
                .formatted(dependency);
    }

    /** What {@code pkl project resolve} writes for a local formae package: its URI and version read from it. */
    static String localDependency(Path project, Path schema) {
        org.pkl.core.project.Project pkg = org.pkl.core.project.Project.loadFromPath(schema.resolve("PklProject"));
        if (pkg.getPackage() == null) {
            throw new IllegalArgumentException(schema.resolve("PklProject") + " declares no package");
        }
        String uri = pkg.getPackage().getUri().toString(); // package://host/path/formae@0.83.0
        String base = uri.substring(0, uri.lastIndexOf('@'));
        String version = pkg.getPackage().getVersion().toString();
        int major = pkg.getPackage().getVersion().getMajor();
        String path =
                project.toAbsolutePath().relativize(schema.toAbsolutePath()).toString();
        return """
                {
                  "schemaVersion": 1,
                  "resolvedDependencies": {
                    "%s@%d": {
                      "type": "local",
                      "uri": "%s@%s",
                      "path": "%s"
                    }
                  }
                }
                """
                .formatted(base, major, "project" + base, version, path.replace("\\", "/"));
    }

    String mainPkl() {
        Map<String, Integer> counts = countsPerType();
        StringBuilder pkl = new StringBuilder();
        pkl.append("// Generated by infra-perf: ")
                .append(count)
                .append(" FakeAWS resources of ")
                .append(envId)
                .append(".\n");
        pkl.append("amends \"@formae/forma.pkl\"\nimport \"@formae/formae.pkl\"\nimport \"fakeaws.pkl\"\n\n");
        pkl.append("description { text = \"infra-perf FakeAWS environment ")
                .append(envId)
                .append("\"; confirm = false }\n\n");
        pkl.append("forma {\n");
        pkl.append("  new formae.Stack { label = \"")
                .append(stack())
                .append("\"; description = \"infra-perf ")
                .append(envId)
                .append("\" }\n");
        pkl.append("  new formae.Target { label = \"")
                .append(TARGET)
                .append("\"; config = new fakeaws.Config {}; discoverable = false }\n");
        int buckets = counts.getOrDefault(TYPES.get(0), 0);
        int vpcs = counts.getOrDefault(TYPES.get(1), 0);
        int blocks = counts.getOrDefault(TYPES.get(2), 0);
        int instances = counts.getOrDefault(TYPES.get(3), 0);
        loop(
                pkl,
                buckets,
                "new fakeaws.Bucket { label = \"" + envId + "-bucket-\\(i)\"; bucketName = \"" + envId
                        + "-bucket-\\(i)\"; tags { new { key = \"Name\"; value = \"" + envId + "-bucket-\\(i)\" } } }");
        loop(
                pkl,
                vpcs,
                "new fakeaws.VPC { label = \"" + envId + "-vpc-\\(i)\"; cidrBlock = \"10.\\(i % 250).0.0/16\";"
                        + " tags { new { key = \"Name\"; value = \"" + envId + "-vpc-\\(i)\" } } }");
        loop(
                pkl,
                blocks,
                "new fakeaws.VPCCidrBlock { label = \"" + envId + "-cidr-\\(i)\"; vpcId = \"" + envId + "-vpc-\\(i % "
                        + Math.max(1, vpcs) + ")\"; cidrBlock = \"100.\\(i % 250).0.0/16\" }");
        loop(
                pkl,
                instances,
                "new fakeaws.Instance { label = \"" + envId + "-instance-\\(i)\"; imageId = \"ami-fake\";"
                        + " instanceType = \"t3.micro\"; tags { new { key = \"Name\"; value = \"" + envId
                        + "-instance-\\(i)\" } } }");
        pkl.append("}\n");
        return pkl.toString();
    }

    private static void loop(StringBuilder pkl, int n, String body) {
        if (n > 0) {
            pkl.append("  for (i in IntSeq(0, ")
                    .append(n - 1)
                    .append(")) {\n    ")
                    .append(body)
                    .append("\n  }\n");
        }
    }

    /** The forma as the REST API takes it: the shape of the agent's own {@code pkl eval -f json} output. */
    ObjectNode formaJson() {
        Map<String, Integer> counts = countsPerType();
        ObjectNode root = MAPPER.createObjectNode();
        root.putObject("Description")
                .put("Text", "infra-perf FakeAWS environment " + envId)
                .put("Confirm", false);
        root.putArray("Stacks").addObject().put("Label", stack()).put("Description", "infra-perf " + envId);
        ObjectNode target = root.putArray("Targets").addObject();
        target.put("Label", TARGET).put("Namespace", "FAKEAWS");
        target.putObject("Config").put("Type", "FakeAWS").put("Region", "us-east-2");
        target.put("Discoverable", false);
        ArrayNode resources = root.putArray("Resources");
        int vpcs = Math.max(1, counts.getOrDefault(TYPES.get(1), 0));
        for (int i = 0; i < counts.getOrDefault(TYPES.get(0), 0); i++) {
            String label = envId + "-bucket-" + i;
            ObjectNode p = resource(resources, label, TYPES.get(0), "BucketName", "BucketName", "Tags");
            p.put("BucketName", label);
            nameTag(p, label);
        }
        for (int i = 0; i < counts.getOrDefault(TYPES.get(1), 0); i++) {
            String label = envId + "-vpc-" + i;
            ObjectNode p = resource(resources, label, TYPES.get(1), "VpcId", "CidrBlock", "Tags");
            p.put("CidrBlock", "10." + (i % 250) + ".0.0/16");
            nameTag(p, label);
        }
        for (int i = 0; i < counts.getOrDefault(TYPES.get(2), 0); i++) {
            String label = envId + "-cidr-" + i;
            ObjectNode p = resource(resources, label, TYPES.get(2), "Id", "VpcId", "CidrBlock");
            p.put("VpcId", envId + "-vpc-" + (i % vpcs));
            p.put("CidrBlock", "100." + (i % 250) + ".0.0/16");
        }
        for (int i = 0; i < counts.getOrDefault(TYPES.get(3), 0); i++) {
            String label = envId + "-instance-" + i;
            ObjectNode p = resource(resources, label, TYPES.get(3), "InstanceId", "ImageId", "InstanceType", "Tags");
            p.put("ImageId", "ami-fake");
            p.put("InstanceType", "t3.micro");
            nameTag(p, label);
        }
        return root;
    }

    private ObjectNode resource(ArrayNode resources, String label, String type, String identifier, String... fields) {
        ObjectNode r = resources.addObject();
        r.put("Label", label)
                .put("Type", type)
                .put("Stack", stack())
                .put("Target", TARGET)
                .put("Managed", true);
        ObjectNode schema = r.putObject("Schema").put("Identifier", identifier);
        ArrayNode f = schema.putArray("Fields");
        for (String field : fields) {
            f.add(field);
        }
        return r.putObject("Properties");
    }

    private static void nameTag(ObjectNode properties, String name) {
        properties.putArray("Tags").addObject().put("Key", "Name").put("Value", name);
    }

    private static void write(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = FakeAwsEnvironment.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
