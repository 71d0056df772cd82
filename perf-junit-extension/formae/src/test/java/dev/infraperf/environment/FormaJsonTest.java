package dev.infraperf.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Evaluates real generated projects with pkl-core and checks the Forma JSON the agent would get. */
class FormaJsonTest {

    @TempDir
    static Path temp;

    static GeneratedEnvironment environment;
    static JsonNode forma;

    @BeforeAll
    static void generate_and_evaluate_250_resources() throws IOException {
        environment = EnvironmentGenerator.of(250, "us-west-1", "perf-00c0ffee").writeTo(temp.resolve("env-250"));
        forma = new ObjectMapper().readTree(environment.formaJson().toFile());
    }

    @Test
    void the_forma_holds_every_planned_resource_once_with_stack_target_and_type() {
        JsonNode resources = forma.get("Resources");
        assertThat(resources).hasSize(environment.total());
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (JsonNode resource : resources) {
            counts.merge(resource.get("Type").asText(), 1, Integer::sum);
            assertThat(resource.get("Stack").asText()).isEqualTo("perf-test-perf-00c0ffee");
            assertThat(resource.get("Target").asText()).isEqualTo("perf-test-target-us-west-1");
            assertThat(resource.get("Managed").asBoolean()).isTrue();
            assertThat(resource.get("Label").asText()).startsWith("perf-00c0ffee-");
            assertThat(resource.at("/Schema/Identifier").asText()).isNotEmpty();
            resource.get("Properties").fieldNames().forEachRemaining(name -> assertThat(name.charAt(0))
                    .as("property %s of %s", name, resource.get("Label"))
                    .isUpperCase());
        }
        assertThat(counts).isEqualTo(environment.countsPerType());
        assertThat(forma.at("/Stacks/0/Label").asText()).isEqualTo(environment.stack());
        assertThat(forma.at("/Targets/0/Config/Region").asText()).isEqualTo("us-west-1");
        assertThat(forma.at("/Description/Confirm").asBoolean()).isTrue();
    }

    @Test
    void every_res_object_names_a_resource_of_the_forma_by_label_type_and_stack() {
        Map<String, String> typeByLabel = new HashMap<>();
        for (JsonNode resource : forma.get("Resources")) {
            typeByLabel.put(resource.get("Label").asText(), resource.get("Type").asText());
        }
        List<JsonNode> references = new ArrayList<>();
        collectReferences(forma.get("Resources"), references);
        assertThat(references).hasSizeGreaterThan(environment.total() / 2);
        List<String> dangling = new ArrayList<>();
        for (JsonNode reference : references) {
            String label = reference.get("$label").asText();
            if (!reference.get("$type").asText().equals(typeByLabel.get(label))
                    || !reference.get("$stack").asText().equals(environment.stack())
                    || reference.get("$property").asText().isEmpty()) {
                dangling.add(reference.toString());
            }
        }
        assertThat(dangling).isEmpty();
    }

    @Test
    void public_routes_reference_the_gateway_attachment_and_volumes_are_gp3_or_gp2() {
        for (JsonNode resource : forma.get("Resources")) {
            String type = resource.get("Type").asText();
            JsonNode properties = resource.get("Properties");
            if (type.equals("AWS::EC2::Route") && properties.has("GatewayId")) {
                assertThat(properties.at("/GatewayId/$type").asText()).isEqualTo("AWS::EC2::VPCGatewayAttachment");
                assertThat(properties.at("/GatewayId/$property").asText()).isEqualTo("InternetGatewayId");
            }
            if (type.equals("AWS::EC2::Volume")) {
                assertThat(properties.get("VolumeType").asText()).isIn("gp3", "gp2");
            }
            if (type.equals("AWS::EC2::LaunchTemplate")) {
                assertThat(properties.get("LaunchTemplateData").has("TagSpecifications"))
                        .isFalse();
            }
            if (type.equals("AWS::SQS::Queue")) {
                assertThat(properties.get("VisibilityTimeout").asInt()).isEqualTo(30);
            }
        }
    }

    @Test
    void a_pkl_error_surfaces_with_its_message_and_file_position() throws IOException {
        Path broken = temp.resolve("broken");
        EnvironmentGenerator generator = EnvironmentGenerator.of(1, "us-east-2", "perf-0000beef");
        generator.writeProject(broken);
        Path networking = broken.resolve("networking.pkl");
        Files.writeString(networking, Files.readString(networking).replace("cidrBlock = ", "cidrBlok = "));

        assertThatThrownBy(() -> generator.evaluate(broken))
                .isInstanceOf(EnvironmentEvaluationException.class)
                .hasMessageContaining("Pkl Error")
                .hasMessageContaining("cidrBlok")
                .hasMessageContaining("networking.pkl");
    }

    private static void collectReferences(JsonNode node, List<JsonNode> references) {
        if (node.isObject() && node.has("$res")) {
            references.add(node);
        } else if (node.isContainerNode()) {
            node.forEach(child -> collectReferences(child, references));
        }
    }
}
