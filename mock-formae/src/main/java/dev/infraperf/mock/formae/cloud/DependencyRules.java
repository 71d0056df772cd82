package dev.infraperf.mock.formae.cloud;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rules a create, update or delete must pass, read from the resources as they are now
 * ({@code CLOUD-API.md}, error table): references, Route 53 record sets, volume zones, the optional
 * security-group/subnet VPC rule, and what blocks a delete. Each answers a {@link Problem} or null.
 */
final class DependencyRules {

    private final ResourceStore store;

    DependencyRules(ResourceStore store) {
        this.store = store;
    }

    /** The problem when a reference property names no usable resource, else null. */
    Problem checkReferences(String type, Map<String, Object> props, String self) {
        for (ResourceTypes.Reference ref : ResourceTypes.spec(type).references()) {
            Object value = props.get(ref.property());
            if (value == null) {
                continue;
            }
            List<?> values = value instanceof List<?> list ? list : List.of(value);
            for (Object item : values) {
                if (!(item instanceof String id)) {
                    return new Problem(
                            "InvalidReference",
                            "property " + ref.property() + " of " + type
                                    + " must be the id of a " + ref.target() + ", found " + item
                                    + " (an unresolved $res reference?)");
                }
                StoredResource target = store.resolve(id);
                if (target == null || target.nativeId().equals(self)) {
                    return new Problem(
                            "InvalidReference",
                            "property " + ref.property() + " of " + type + " refers to [" + id + "], and no "
                                    + ref.target() + " with that id exists");
                }
                if (!target.type().equals(ref.target())) {
                    return new Problem(
                            "InvalidReference",
                            "property " + ref.property() + " of " + type + " refers to [" + id + "], which is a "
                                    + target.type() + ", not a " + ref.target());
                }
                if (target.state().equals(CloudResource.CREATING)
                        || target.state().equals(CloudResource.DELETING)) {
                    return new Problem(
                            "InvalidReference",
                            "property " + ref.property() + " of " + type + " refers to [" + id + "], which is "
                                    + target.state() + "; wait until it is Available");
                }
            }
        }
        return null;
    }

    /** Only with the fault {@code strictSecurityGroupVpc}: security groups in the subnet's VPC. */
    Problem checkSecurityGroupNetwork(String type, Map<String, Object> props) {
        Object groups = type.equals(ResourceTypes.INSTANCE)
                ? props.get("SecurityGroupIds")
                : type.equals("AWS::EFS::MountTarget") ? props.get("SecurityGroups") : null;
        StoredResource subnet = store.resolve(props.get("SubnetId"));
        if (!(groups instanceof List<?> list) || subnet == null) {
            return null;
        }
        StoredResource subnetVpc = store.resolve(subnet.properties().get("VpcId"));
        for (Object id : list) {
            StoredResource group = store.resolve(id);
            StoredResource groupVpc =
                    group == null ? null : store.resolve(group.properties().get("VpcId"));
            if (group != null && subnetVpc != null && groupVpc != null && !groupVpc.equals(subnetVpc)) {
                return new Problem(
                        "InvalidParameter",
                        "security group " + group.nativeId() + " (VPC " + groupVpc.nativeId() + ") and subnet "
                                + subnet.nativeId() + " (VPC " + subnetVpc.nativeId()
                                + ") belong to different networks");
            }
        }
        return null;
    }

    /** Route 53's rules: the name lies within the zone, and one record set per name and type. */
    Problem checkRecordSet(Map<String, Object> props) {
        StoredResource zone = store.resolve(props.get("HostedZoneId"));
        Object name = props.get("Name");
        if (zone == null || name == null) {
            return null;
        }
        String record = stripDot(name).toLowerCase(Locale.ROOT);
        String zoneName = stripDot(zone.properties().get("Name")).toLowerCase(Locale.ROOT);
        if (zone.properties().get("Name") != null && !record.equals(zoneName) && !record.endsWith("." + zoneName)) {
            return new Problem(
                    "InvalidChangeBatch",
                    "RRSet with DNS name " + record + " is not permitted in zone " + zoneName + " (" + zone.nativeId()
                            + ")");
        }
        for (String other : store.dependentsOf(zone.nativeId())) {
            StoredResource existing = store.get(other);
            if (existing != null
                    && existing.type().equals(ResourceTypes.RECORD_SET)
                    && stripDot(existing.properties().get("Name")).equalsIgnoreCase(record)
                    && Objects.equals(existing.properties().get("Type"), props.get("Type"))) {
                return new Problem(
                        "AlreadyExists",
                        "a record set " + record + " of type " + props.get("Type") + " already exists in zone "
                                + zoneName + " (" + existing.nativeId() + ")");
            }
        }
        return null;
    }

    Problem checkAvailabilityZones(Map<String, Object> props) {
        StoredResource instance = store.resolve(props.get("InstanceId"));
        StoredResource volume = store.resolve(props.get("VolumeId"));
        if (instance == null || volume == null) {
            return null;
        }
        Object instanceZone = instance.properties().get("AvailabilityZone");
        Object volumeZone = volume.properties().get("AvailabilityZone");
        if (instanceZone != null && volumeZone != null && !instanceZone.equals(volumeZone)) {
            return new Problem(
                    "InvalidParameterValue",
                    "volume " + volume.nativeId() + " is in availability zone " + volumeZone
                            + " but instance " + instance.nativeId() + " is in " + instanceZone
                            + "; a volume can only be attached to an instance in the same zone");
        }
        return null;
    }

    /** The problem when the resource cannot be deleted now, else null. */
    Problem deleteProblem(StoredResource resource) {
        ResourceTypes.TypeSpec spec = ResourceTypes.spec(resource.type());
        if (resource.type().equals(ResourceTypes.BUCKET) && !resource.objects().isEmpty()) {
            return new Problem(
                    "BucketNotEmpty",
                    "bucket " + resource.nativeId() + " holds "
                            + resource.objects().size() + " objects; empty it before deleting it");
        }
        List<StoredResource> blockers = new ArrayList<>();
        Set<String> dependents = store.dependentsOf(resource.nativeId());
        for (String dependent : dependents) {
            StoredResource d = store.get(dependent);
            if (d != null && !(resource.type().equals(ResourceTypes.HOSTED_ZONE) && isDefaultRecord(d, resource))) {
                blockers.add(d);
            }
        }
        if (blockers.isEmpty()) {
            return null;
        }
        String named = blockers.stream()
                .limit(5)
                .map(b -> b.type() + " " + b.nativeId() + " (" + b.state() + ")")
                .collect(Collectors.joining(", "));
        String reason;
        switch (spec.blockedDeleteCode()) {
            case "HostedZoneNotEmpty":
                reason = "the hosted zone contains non-required resource record sets";
                break;
            case "DeleteConflict":
                reason = "cannot delete entity, must detach all policies and remove it from other resources first";
                break;
            case "VolumeInUse":
                reason = "the volume is attached";
                break;
            default:
                reason = "it has dependencies and cannot be deleted";
                break;
        }
        return new Problem(
                spec.blockedDeleteCode(),
                resource.type() + " " + resource.nativeId() + ": " + reason + "; " + blockers.size()
                        + " resource(s) depend on it: " + named + (blockers.size() > 5 ? ", ..." : ""));
    }

    private static boolean isDefaultRecord(StoredResource record, StoredResource zone) {
        Object recordType = record.properties().get("Type");
        if (!"NS".equals(recordType) && !"SOA".equals(recordType)) {
            return false;
        }
        return stripDot(record.properties().get("Name"))
                .equals(stripDot(zone.properties().get("Name")));
    }

    private static String stripDot(Object name) {
        String text = String.valueOf(name);
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }
}
