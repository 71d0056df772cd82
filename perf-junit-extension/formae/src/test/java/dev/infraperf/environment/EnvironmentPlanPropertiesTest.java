package dev.infraperf.environment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Properties of the generation model over counts 1..5000 and every supported region. */
class EnvironmentPlanPropertiesTest {

    /** Which resource type each reference property must point at: "SourceType.property" -> target. */
    private static final Map<String, ResourceType> REFERENCE_TARGETS = new HashMap<>();

    static {
        expect(ResourceType.VPC_GATEWAY_ATTACHMENT, "internetGatewayId", ResourceType.INTERNET_GATEWAY);
        expect(ResourceType.VPC_GATEWAY_ATTACHMENT, "vpcId", ResourceType.VPC);
        expect(ResourceType.ROUTE_TABLE, "vpcId", ResourceType.VPC);
        expect(ResourceType.ROUTE, "gatewayId", ResourceType.VPC_GATEWAY_ATTACHMENT);
        expect(ResourceType.ROUTE, "natGatewayId", ResourceType.NAT_GATEWAY);
        expect(ResourceType.ROUTE, "routeTableId", ResourceType.ROUTE_TABLE);
        expect(ResourceType.SUBNET, "vpcId", ResourceType.VPC);
        expect(ResourceType.SUBNET_ROUTE_TABLE_ASSOCIATION, "routeTableId", ResourceType.ROUTE_TABLE);
        expect(ResourceType.SUBNET_ROUTE_TABLE_ASSOCIATION, "subnetId", ResourceType.SUBNET);
        expect(ResourceType.NAT_GATEWAY, "allocationId", ResourceType.EIP);
        expect(ResourceType.NAT_GATEWAY, "subnetId", ResourceType.SUBNET);
        expect(ResourceType.SECURITY_GROUP, "vpcId", ResourceType.VPC);
        expect(ResourceType.SECURITY_GROUP_INGRESS, "groupId", ResourceType.SECURITY_GROUP);
        expect(ResourceType.SECURITY_GROUP_EGRESS, "groupId", ResourceType.SECURITY_GROUP);
        expect(ResourceType.INSTANCE, "securityGroupIds", ResourceType.SECURITY_GROUP);
        expect(ResourceType.INSTANCE, "subnetId", ResourceType.SUBNET);
        expect(ResourceType.VOLUME_ATTACHMENT, "instanceId", ResourceType.INSTANCE);
        expect(ResourceType.VOLUME_ATTACHMENT, "volumeId", ResourceType.VOLUME);
        expect(ResourceType.INSTANCE_PROFILE, "roles", ResourceType.ROLE);
        expect(ResourceType.KMS_ALIAS, "targetKeyId", ResourceType.KMS_KEY);
        expect(ResourceType.MOUNT_TARGET, "fileSystemId", ResourceType.FILE_SYSTEM);
        expect(ResourceType.MOUNT_TARGET, "securityGroups", ResourceType.SECURITY_GROUP);
        expect(ResourceType.MOUNT_TARGET, "subnetId", ResourceType.SUBNET);
        expect(ResourceType.FUNCTION, "role", ResourceType.ROLE);
        expect(ResourceType.RECORD_SET, "hostedZoneId", ResourceType.HOSTED_ZONE);
    }

    private static void expect(ResourceType source, String property, ResourceType target) {
        REFERENCE_TARGETS.put(source + "." + property, target);
    }

    private static final java.util.regex.Pattern LABEL =
            java.util.regex.Pattern.compile("perf-0badc0de-[a-z0-9-]+-\\d+");

    @Provide
    Arbitrary<String> regions() {
        return Arbitraries.of(SupportedRegions.names());
    }

    @Property(tries = 100)
    @Label("every reference names a generated resource of the type its property expects")
    void every_reference_names_a_generated_resource_of_the_right_type(
            @ForAll @IntRange(min = 1, max = 5000) int count, @ForAll("regions") String region) {
        EnvironmentPlan plan = EnvironmentPlanner.plan(count, region, "perf-0badc0de");
        Set<PlannedResource> generated = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        generated.addAll(plan.resources());
        List<String> wrong = new ArrayList<>();
        for (PlannedResource resource : plan.resources()) {
            resource.properties().forEach((property, value) -> {
                for (Value.Ref ref : refs(value)) {
                    ResourceType expected = REFERENCE_TARGETS.get(resource.type() + "." + property);
                    if (!generated.contains(ref.target()) || ref.target().type() != expected) {
                        wrong.add(resource.label() + "." + property + " -> "
                                + ref.target().label() + " (" + ref.target().type() + ", expected " + expected + ")");
                    }
                }
            });
        }
        assertThat(wrong).isEmpty();
    }

    @Property(tries = 100)
    @Label("instance, subnet and security group share a VPC; attachments and volumes share a zone")
    void instances_subnets_and_groups_share_a_vpc_and_volumes_their_zone(
            @ForAll @IntRange(min = 1, max = 5000) int count, @ForAll("regions") String region) {
        EnvironmentPlan plan = EnvironmentPlanner.plan(count, region, "perf-0badc0de");
        for (PlannedResource instance : plan.ofType(ResourceType.INSTANCE)) {
            PlannedResource subnet = target(instance, "subnetId");
            assertThat(subnet.property("mapPublicIpOnLaunch")).isEqualTo(Value.flag(false));
            for (Value.Ref group : refs(instance.property("securityGroupIds"))) {
                assertThat(target(group.target(), "vpcId"))
                        .as(
                                "VPC of %s's group %s",
                                instance.label(), group.target().label())
                        .isSameAs(target(subnet, "vpcId"));
            }
        }
        for (PlannedResource attachment : plan.ofType(ResourceType.VOLUME_ATTACHMENT)) {
            PlannedResource instance = target(attachment, "instanceId");
            PlannedResource volume = target(attachment, "volumeId");
            assertThat(volume.property("availabilityZone"))
                    .as("zone of %s attached to %s", volume.label(), instance.label())
                    .isEqualTo(target(instance, "subnetId").property("availabilityZone"));
        }
        for (PlannedResource mountTarget : plan.ofType(ResourceType.MOUNT_TARGET)) {
            PlannedResource vpc = target(target(mountTarget, "subnetId"), "vpcId");
            for (Value.Ref group : refs(mountTarget.property("securityGroups"))) {
                assertThat(target(group.target(), "vpcId")).isSameAs(vpc);
            }
        }
    }

    @Property(tries = 100)
    @Label("caps hold, labels are unique and the documented fixes are in place")
    void caps_hold_labels_are_unique_and_fixes_are_in_place(
            @ForAll @IntRange(min = 1, max = 5000) int count, @ForAll("regions") String region) {
        EnvironmentPlan plan = EnvironmentPlanner.plan(count, region, "perf-0badc0de");
        int vpcs = plan.ofType(ResourceType.VPC).size();
        assertThat(vpcs).isBetween(1, 5);
        assertThat(plan.ofType(ResourceType.INTERNET_GATEWAY)).hasSize(vpcs);
        assertThat(plan.ofType(ResourceType.VPC_GATEWAY_ATTACHMENT)).hasSize(vpcs);
        assertThat(plan.ofType(ResourceType.NAT_GATEWAY)).hasSize(vpcs).hasSizeLessThanOrEqualTo(5);
        assertThat(plan.ofType(ResourceType.EIP)).hasSize(vpcs);
        assertThat(plan.ofType(ResourceType.ROUTE)).hasSize(2 * vpcs);
        // Every VPC has its own gateway attachment, NAT gateway and at least two security groups.
        for (PlannedResource vpc : plan.ofType(ResourceType.VPC)) {
            assertThat(plan.ofType(ResourceType.VPC_GATEWAY_ATTACHMENT).stream().filter(a -> target(a, "vpcId") == vpc))
                    .hasSize(1);
            assertThat(plan.ofType(ResourceType.NAT_GATEWAY).stream()
                            .filter(n -> target(target(n, "subnetId"), "vpcId") == vpc))
                    .hasSize(1);
            assertThat(plan.ofType(ResourceType.SECURITY_GROUP).stream().filter(g -> target(g, "vpcId") == vpc))
                    .hasSizeGreaterThanOrEqualTo(2);
        }
        Set<String> labels = new HashSet<>();
        List<String> badLabels = new ArrayList<>();
        for (PlannedResource resource : plan.resources()) {
            if (!labels.add(resource.label())
                    || !LABEL.matcher(resource.label()).matches()) {
                badLabels.add(resource.label());
            }
        }
        assertThat(badLabels).as("duplicate or malformed labels").isEmpty();
        for (PlannedResource route : plan.ofType(ResourceType.ROUTE)) {
            if (route.property("gatewayId") instanceof Value.Ref gateway) {
                assertThat(gateway.attribute()).isEqualTo("internetGatewayId");
            }
        }
        for (PlannedResource volume : plan.ofType(ResourceType.VOLUME)) {
            assertThat(volume.property("volumeType")).isIn(Value.text("gp3"), Value.text("gp2"));
            assertThat(((Value.Text) volume.property("availabilityZone")).value())
                    .startsWith(region);
        }
        for (PlannedResource template : plan.ofType(ResourceType.LAUNCH_TEMPLATE)) {
            assertThat(template.properties()).doesNotContainKey("tagSpecifications");
        }
        for (PlannedResource zone : plan.ofType(ResourceType.HOSTED_ZONE)) {
            assertThat(((Value.Text) zone.property("name")).value()).endsWith(".perftest.internal");
        }
        assertThat(plan.countsPerType()).doesNotContainKeys("AWS::ApiGateway::Deployment", "AWS::ApiGateway::Stage");
        if (count >= 100) {
            assertThat(plan.total()).isBetween((int) Math.ceil(count * 0.95), (int) Math.floor(count * 1.05));
        }
    }

    @Property(tries = 100)
    @Label("mount targets spread over every private subnet once there are enough of them")
    void mount_targets_spread_over_the_private_subnets(@ForAll @IntRange(min = 1, max = 5000) int count) {
        EnvironmentPlan plan = EnvironmentPlanner.plan(count, "us-east-2", "perf-0badc0de");
        List<PlannedResource> privateSubnets = new ArrayList<>();
        for (PlannedResource subnet : plan.ofType(ResourceType.SUBNET)) {
            if (subnet.property("mapPublicIpOnLaunch").equals(Value.flag(false))) {
                privateSubnets.add(subnet);
            }
        }
        Set<PlannedResource> used = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (PlannedResource mountTarget : plan.ofType(ResourceType.MOUNT_TARGET)) {
            used.add(target(mountTarget, "subnetId"));
        }
        int mountTargets = plan.ofType(ResourceType.MOUNT_TARGET).size();
        assertThat(used).hasSize(Math.min(mountTargets, privateSubnets.size()));
        assertThat(privateSubnets).containsAll(used);
    }

    @Example
    @Label("the total is within 5% of every requested count from 100 to 10000, with little padding")
    void the_total_is_within_five_percent_from_100_to_10000() {
        List<Integer> outside = new ArrayList<>();
        int maxPadding = 0;
        for (int n = 100; n <= 10_000; n++) {
            Counts counts = Counts.calibrated(n);
            if (Math.abs(counts.total() - n) > n * 0.05) {
                outside.add(n);
            }
            maxPadding = Math.max(
                    maxPadding, counts.total() - Counts.forN(counts.n()).total());
        }
        assertThat(outside).isEmpty();
        assertThat(maxPadding).isLessThanOrEqualTo(Counts.MAX_PADDING);
    }

    @Example
    @Label("the formulas give the original generator's measured totals plus the NAT networking it left out")
    void the_formulas_give_the_original_totals_plus_nat_networking() {
        // Totals the 0.76.0 script generated (reference, section 5); it wrote no NAT gateway, EIP or
        // private route, which add three resources per VPC here.
        Map<Integer, Integer> original =
                Map.of(100, 116, 200, 217, 500, 538, 750, 796, 1000, 1071, 2000, 2134, 3000, 3185, 5000, 5285);
        original.forEach((n, total) -> {
            Counts counts = Counts.forN(n);
            assertThat(counts.total() - 3 * counts.vpcs()).as("N=%d", n).isEqualTo(total);
        });
    }

    @Example
    @Label("an unsupported region is refused with the supported ones")
    void an_unsupported_region_is_refused_with_the_supported_ones() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> EnvironmentPlanner.plan(100, "eu-north-1", "perf-0badc0de"))
                .isInstanceOf(dev.infraperf.config.ConfigurationException.class)
                .hasMessage("[eu-north-1] is not a supported region for the environment generator; supported: "
                        + "us-east-1, us-east-2, us-west-1, us-west-2, eu-west-1, eu-central-1, ap-southeast-1");
    }

    private static PlannedResource target(PlannedResource resource, String property) {
        Value value = resource.property(property);
        assertThat(value).as("%s.%s", resource.label(), property).isInstanceOf(Value.Ref.class);
        return ((Value.Ref) value).target();
    }

    private static List<Value.Ref> refs(Value value) {
        List<Value.Ref> refs = new ArrayList<>();
        collect(value, refs);
        return refs;
    }

    private static void collect(Value value, List<Value.Ref> refs) {
        if (value instanceof Value.Ref ref) {
            refs.add(ref);
        } else if (value instanceof Value.Items items) {
            items.values().forEach(v -> collect(v, refs));
        } else if (value instanceof Value.Obj obj) {
            obj.properties().values().forEach(v -> collect(v, refs));
        } else if (value instanceof Value.Document document) {
            document.entries().values().forEach(v -> collect(v, refs));
        }
    }
}
