package dev.infraperf.mock.formae.cloud;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * The cloud itself: resources, operations and their asynchronous completion, dependency rules,
 * quotas, faults and the journal. One lock guards everything; each step under it is short, and
 * completion runs on the cloud's own scheduler, so work accepted finishes whatever the client does.
 */
final class CloudState implements AutoCloseable {

    private static final List<String> OPERATIONS = List.of("create", "update", "delete", "read");
    private static final Map<String, String> QUOTA_TYPES = Map.of(
            CloudQuota.VPCS, ResourceTypes.VPC,
            CloudQuota.INTERNET_GATEWAYS, ResourceTypes.IGW,
            CloudQuota.NAT_GATEWAYS, ResourceTypes.NAT_GATEWAY);

    /** Why an operation fails: its error code and a sentence. */
    private record Problem(String code, String message) {}

    private final CloudOptions options;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, StoredResource> resources = new LinkedHashMap<>();
    private final Map<String, StoredOperation> operations = new LinkedHashMap<>();
    private final Map<String, String> requestByToken = new HashMap<>();
    /** Every id, ARN and identifier value of a resource -> its nativeId, to resolve references. */
    private final Map<String, String> aliases = new HashMap<>();
    /** nativeId -> the nativeIds it references. */
    private final Map<String, Set<String>> referencesOf = new HashMap<>();
    /** nativeId -> the nativeIds that reference it. */
    private final Map<String, Set<String>> dependentsOf = new HashMap<>();

    private final Map<String, Integer> quotas = new HashMap<>();
    private double latencyScale;
    private final Map<String, Map<String, Long>> latencyOverrides = new HashMap<>();
    private final Map<String, Double> throttleOverrides = new HashMap<>();
    private final List<CloudFaults.FailRule> failRules = new ArrayList<>();
    private final NamespaceThrottle throttle = new NamespaceThrottle();
    private boolean strictSecurityGroupVpc;

    private final Random random = new Random();
    private final ScheduledExecutorService scheduler;
    private final Journal journal;

    CloudState(CloudOptions options, ObjectMapper json) {
        this.options = options;
        this.latencyScale = options.latencyScale();
        resetQuotas();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "simulated-cloud-completions");
            thread.setDaemon(true);
            return thread;
        });
        this.journal = options.dataFile() == null ? null : new Journal(options.dataFile(), json);
        if (journal != null) {
            restore(journal.replay());
        }
    }

    // ---------------------------------------------------------------- restore

    private void restore(Journal.Replayed replayed) {
        resources.putAll(replayed.resources());
        operations.putAll(replayed.operations());
        for (StoredResource r : resources.values()) {
            index(r);
        }
        for (StoredResource r : resources.values()) {
            registerReferences(r);
        }
        for (StoredOperation op : operations.values()) {
            if (op.clientToken() != null) {
                requestByToken.put(op.clientToken(), op.requestId());
            }
        }
        journal.compact(resources.values(), operations.values());
        long now = System.currentTimeMillis();
        for (StoredOperation op : operations.values()) {
            if (op.inProgress()) {
                String id = op.requestId();
                scheduler.schedule(() -> complete(id), Math.max(0, op.dueAt() - now), TimeUnit.MILLISECONDS);
            }
        }
    }

    // ---------------------------------------------------------------- operations

    /** Accepts (or refuses) one operation and returns its status, possibly already final. */
    OperationStatus submit(OperationRequest request) {
        String operation = validate(request);
        lock.lock();
        try {
            if (request.clientToken() != null) {
                String existing = requestByToken.get(request.clientToken());
                if (existing != null) {
                    StoredOperation op = operations.get(existing);
                    checkSameRequest(op, request, operation);
                    return render(op);
                }
            }
            String namespace = ResourceTypes.namespace(request.type());
            double rate = rateFor(namespace);
            if (!throttle.tryAcquire(namespace, rate, System.nanoTime())) {
                throw new CloudRejection(
                        429,
                        "Throttling",
                        "Rate exceeded for namespace " + namespace + ": limit " + rate + " operations/s");
            }
            long now = System.currentTimeMillis();
            StoredOperation op;
            switch (operation) {
                case "create":
                    op = acceptCreate(request, now);
                    break;
                case "update":
                    op = acceptUpdate(request, now);
                    break;
                case "delete":
                    op = acceptDelete(request, now);
                    break;
                default:
                    op = acceptRead(request, now);
                    break;
            }
            if (operation.equals("read")) {
                // reads are answered at once and not kept: a periodic sync would otherwise grow the
                // operation log (and the journal) without bound
                return render(op);
            }
            record(op);
            if (op.inProgress()) {
                long delay = op.dueAt() - now;
                if (delay <= 0) {
                    complete(op.requestId());
                } else {
                    String id = op.requestId();
                    scheduler.schedule(() -> complete(id), delay, TimeUnit.MILLISECONDS);
                }
            }
            return render(operations.get(op.requestId()));
        } finally {
            lock.unlock();
        }
    }

    private static String validate(OperationRequest request) {
        if (request == null) {
            throw CloudRejection.invalid("the body is empty; send an operation object");
        }
        String operation =
                request.operation() == null ? null : request.operation().toLowerCase(Locale.ROOT);
        if (operation == null || !OPERATIONS.contains(operation)) {
            throw CloudRejection.invalid(
                    "[" + request.operation() + "] is not an operation; use one of " + String.join(", ", OPERATIONS));
        }
        if (!ResourceTypes.isValidType(request.type())) {
            throw CloudRejection.invalid("[" + request.type() + "] is not a resource type; use AWS::<Namespace>::<Name>"
                    + " such as AWS::S3::Bucket");
        }
        if (operation.equals("create")
                && (request.label() == null || request.label().isBlank())) {
            throw CloudRejection.invalid("a create needs a label; label was [" + request.label() + "]");
        }
        if (!operation.equals("create")
                && (request.nativeId() == null || request.nativeId().isBlank())) {
            throw CloudRejection.invalid(
                    "a " + operation + " needs a nativeId; nativeId was [" + request.nativeId() + "]");
        }
        return operation;
    }

    private static void checkSameRequest(StoredOperation op, OperationRequest request, String operation) {
        boolean same = op.operation().equals(operation)
                && op.type().equals(request.type())
                && (request.nativeId() == null || request.nativeId().equals(op.nativeId()))
                && (request.label() == null || request.label().equals(op.label()));
        if (!same) {
            throw new CloudRejection(
                    409,
                    "ClientTokenConflict",
                    "clientToken [" + op.clientToken() + "] was used for " + op.operation() + " " + op.type() + " "
                            + (op.nativeId() == null ? op.label() : op.nativeId()) + " (request " + op.requestId()
                            + "); use a new token for a different request");
        }
    }

    private StoredOperation newOperation(
            OperationRequest request,
            String operation,
            String label,
            String nativeId,
            long now,
            Map<String, Object> newProperties,
            Map<String, String> newTags) {
        CloudFaults.FailRule injected = takeFailRule(request.type(), operation);
        long due = now + latencyMillis(request.type(), operation);
        return new StoredOperation(
                UUID.randomUUID().toString(),
                request.clientToken(),
                operation,
                request.type(),
                label,
                nativeId,
                OperationStatus.IN_PROGRESS,
                null,
                null,
                now,
                null,
                due,
                newProperties,
                newTags,
                injected == null ? null : Objects.requireNonNullElse(injected.errorCode(), "InternalFailure"),
                injected == null
                        ? null
                        : Objects.requireNonNullElse(
                                injected.message(), "injected failure of " + operation + " " + request.type()));
    }

    private StoredOperation failed(
            OperationRequest request,
            String operation,
            String label,
            String nativeId,
            long now,
            String code,
            String msg) {
        return new StoredOperation(
                UUID.randomUUID().toString(),
                request.clientToken(),
                operation,
                request.type(),
                label,
                nativeId,
                OperationStatus.FAILED,
                code,
                msg,
                now,
                now,
                now,
                null,
                null,
                null,
                null);
    }

    private StoredOperation acceptCreate(OperationRequest request, long now) {
        String type = request.type();
        ResourceTypes.TypeSpec spec = ResourceTypes.spec(type);
        Map<String, Object> props = new LinkedHashMap<>(request.properties() == null ? Map.of() : request.properties());
        Problem problem = checkReferences(type, props, null);
        if (problem == null) {
            problem = checkQuota(type, props);
        }
        if (problem == null && strictSecurityGroupVpc) {
            problem = checkSecurityGroupNetwork(type, props);
        }
        if (problem == null && type.equals(ResourceTypes.VOLUME_ATTACHMENT)) {
            problem = checkAvailabilityZones(props);
        }
        if (problem == null && type.equals(ResourceTypes.RECORD_SET)) {
            problem = checkRecordSet(props);
        }
        if (problem != null) {
            return failed(request, "create", request.label(), null, now, problem.code(), problem.message());
        }
        String nativeId;
        if (spec.nameProperty() != null) {
            Object name = props.get(spec.nameProperty());
            nativeId = name instanceof String s && !s.isBlank() ? s : request.label() + "-" + hex(8);
            if (resources.containsKey(nativeId) || aliases.containsKey(nativeId)) {
                return failed(
                        request,
                        "create",
                        request.label(),
                        null,
                        now,
                        "AlreadyExists",
                        type + " named [" + nativeId + "] already exists");
            }
            props.putIfAbsent(spec.nameProperty(), nativeId);
        } else {
            nativeId = newId(spec);
        }
        addGeneratedAttributes(spec, nativeId, props);
        StoredResource resource = new StoredResource(
                nativeId,
                type,
                request.label(),
                CloudResource.CREATING,
                props,
                mergeTags(props, request.tags()),
                now,
                now,
                List.of());
        putResource(resource);
        return newOperation(request, "create", request.label(), nativeId, now, null, null);
    }

    private StoredOperation acceptUpdate(OperationRequest request, long now) {
        StoredResource current = resources.get(request.nativeId());
        if (current == null || !current.type().equals(request.type())) {
            return failed(request, "update", null, request.nativeId(), now, "NotFound", notFound(request));
        }
        if (!current.state().equals(CloudResource.AVAILABLE)) {
            return failed(
                    request, "update", current.label(), current.nativeId(), now, "ResourceConflict", conflict(current));
        }
        Map<String, Object> props =
                new LinkedHashMap<>(request.properties() == null ? current.properties() : request.properties());
        Problem problem = checkReferences(request.type(), props, current.nativeId());
        if (problem != null) {
            return failed(
                    request, "update", current.label(), current.nativeId(), now, problem.code(), problem.message());
        }
        putResource(current.withState(CloudResource.UPDATING, now));
        return newOperation(
                request,
                "update",
                current.label(),
                current.nativeId(),
                now,
                props,
                request.tags() == null ? null : Map.copyOf(request.tags()));
    }

    private StoredOperation acceptDelete(OperationRequest request, long now) {
        StoredResource current = resources.get(request.nativeId());
        if (current == null || !current.type().equals(request.type())) {
            return failed(request, "delete", null, request.nativeId(), now, "NotFound", notFound(request));
        }
        if (!current.state().equals(CloudResource.AVAILABLE)) {
            return failed(
                    request, "delete", current.label(), current.nativeId(), now, "ResourceConflict", conflict(current));
        }
        Problem problem = deleteProblem(current);
        if (problem != null) {
            return failed(
                    request, "delete", current.label(), current.nativeId(), now, problem.code(), problem.message());
        }
        putResource(current.withState(CloudResource.DELETING, now));
        return newOperation(request, "delete", current.label(), current.nativeId(), now, null, null);
    }

    private StoredOperation acceptRead(OperationRequest request, long now) {
        StoredResource current = resources.get(request.nativeId());
        if (current == null || !current.type().equals(request.type())) {
            return failed(request, "read", null, request.nativeId(), now, "NotFound", notFound(request));
        }
        CloudFaults.FailRule injected = takeFailRule(request.type(), "read");
        if (injected != null) {
            return failed(
                    request,
                    "read",
                    current.label(),
                    current.nativeId(),
                    now,
                    Objects.requireNonNullElse(injected.errorCode(), "InternalFailure"),
                    Objects.requireNonNullElse(injected.message(), "injected failure of read " + request.type()));
        }
        return new StoredOperation(
                UUID.randomUUID().toString(),
                request.clientToken(),
                "read",
                request.type(),
                current.label(),
                current.nativeId(),
                OperationStatus.SUCCESS,
                null,
                null,
                now,
                now,
                now,
                null,
                null,
                null,
                null);
    }

    private static String notFound(OperationRequest request) {
        return request.type() + " [" + request.nativeId() + "] does not exist";
    }

    private static String conflict(StoredResource current) {
        return current.type() + " [" + current.nativeId() + "] is " + current.state()
                + "; another operation on it is in progress";
    }

    /** Completes an in-progress operation; called by the scheduler (or inline for zero latency). */
    void complete(String requestId) {
        lock.lock();
        try {
            StoredOperation op = operations.get(requestId);
            if (op == null || !op.inProgress()) {
                return;
            }
            long now = System.currentTimeMillis();
            StoredResource current = resources.get(op.nativeId());
            if (op.injectedCode() != null) {
                if (current != null) {
                    if (op.operation().equals("create")) {
                        removeResource(current.nativeId());
                    } else {
                        putResource(current.withState(CloudResource.AVAILABLE, now));
                    }
                }
                record(op.finish(OperationStatus.FAILED, op.injectedCode(), op.injectedMessage(), now));
                return;
            }
            if (current == null) {
                record(op.finish(
                        OperationStatus.FAILED,
                        "NotFound",
                        op.type() + " [" + op.nativeId() + "] was deleted while the " + op.operation() + " ran",
                        now));
                return;
            }
            switch (op.operation()) {
                case "create":
                    putResource(current.withState(CloudResource.AVAILABLE, now));
                    break;
                case "update":
                    Map<String, Object> props = new LinkedHashMap<>(op.newProperties());
                    ResourceTypes.TypeSpec spec = ResourceTypes.spec(op.type());
                    if (spec.nameProperty() != null) {
                        props.putIfAbsent(spec.nameProperty(), current.nativeId());
                    }
                    addGeneratedAttributes(spec, current.nativeId(), props);
                    Map<String, String> tags = op.newTags() == null && !props.containsKey("Tags")
                            ? current.tags()
                            : mergeTags(props, op.newTags());
                    putResource(new StoredResource(
                            current.nativeId(),
                            current.type(),
                            current.label(),
                            CloudResource.AVAILABLE,
                            props,
                            tags,
                            current.createdAt(),
                            now,
                            current.objects()));
                    break;
                default:
                    removeResource(current.nativeId());
                    break;
            }
            record(op.finish(OperationStatus.SUCCESS, null, null, now));
        } finally {
            lock.unlock();
        }
    }

    OperationStatus operation(String requestId) {
        lock.lock();
        try {
            StoredOperation op = operations.get(requestId);
            if (op == null) {
                throw CloudRejection.notFound("no operation with requestId [" + requestId + "]");
            }
            return render(op);
        } finally {
            lock.unlock();
        }
    }

    /** Operations matching every non-null filter, in submission order. */
    List<OperationStatus> operations(String label, String type, String operation, String status, String nativeId) {
        lock.lock();
        try {
            List<OperationStatus> out = new ArrayList<>();
            for (StoredOperation op : operations.values()) {
                if ((label == null || label.equals(op.label()))
                        && (type == null || type.equals(op.type()))
                        && (operation == null || operation.equals(op.operation()))
                        && (status == null || status.equals(op.status()))
                        && (nativeId == null || nativeId.equals(op.nativeId()))) {
                    out.add(render(op));
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    OperationStatus operationByToken(String clientToken) {
        lock.lock();
        try {
            String id = requestByToken.get(clientToken);
            if (id == null) {
                throw CloudRejection.notFound("no operation with clientToken [" + clientToken + "]");
            }
            return render(operations.get(id));
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- rules

    /** The problem when a reference property names no usable resource, else null. */
    private Problem checkReferences(String type, Map<String, Object> props, String self) {
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
                String nativeId = aliases.get(id);
                StoredResource target = nativeId == null ? null : resources.get(nativeId);
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

    private Problem checkQuota(String type, Map<String, Object> props) {
        for (Map.Entry<String, String> quota : QUOTA_TYPES.entrySet()) {
            if (!quota.getValue().equals(type)) {
                continue;
            }
            int limit = quotas.get(quota.getKey());
            int usage = type.equals(ResourceTypes.NAT_GATEWAY) ? natGatewaysIn(zoneOfSubnet(props)) : count(type);
            if (usage >= limit) {
                String code = type.equals(ResourceTypes.VPC)
                        ? "VpcLimitExceeded"
                        : type.equals(ResourceTypes.IGW) ? "InternetGatewayLimitExceeded" : "NatGatewayLimitExceeded";
                return new Problem(
                        code, "quota " + quota.getKey() + " allows " + limit + " " + type + " and " + usage + " exist");
            }
        }
        return null;
    }

    private Problem checkSecurityGroupNetwork(String type, Map<String, Object> props) {
        Object groups = type.equals(ResourceTypes.INSTANCE)
                ? props.get("SecurityGroupIds")
                : type.equals("AWS::EFS::MountTarget") ? props.get("SecurityGroups") : null;
        StoredResource subnet = resolve(props.get("SubnetId"));
        if (!(groups instanceof List<?> list) || subnet == null) {
            return null;
        }
        StoredResource subnetVpc = resolve(subnet.properties().get("VpcId"));
        for (Object id : list) {
            StoredResource group = resolve(id);
            StoredResource groupVpc =
                    group == null ? null : resolve(group.properties().get("VpcId"));
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
    private Problem checkRecordSet(Map<String, Object> props) {
        StoredResource zone = resolve(props.get("HostedZoneId"));
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
        for (String other : dependentsOf.getOrDefault(zone.nativeId(), Set.of())) {
            StoredResource existing = resources.get(other);
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

    private Problem checkAvailabilityZones(Map<String, Object> props) {
        StoredResource instance = resolve(props.get("InstanceId"));
        StoredResource volume = resolve(props.get("VolumeId"));
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
    private Problem deleteProblem(StoredResource resource) {
        ResourceTypes.TypeSpec spec = ResourceTypes.spec(resource.type());
        if (resource.type().equals(ResourceTypes.BUCKET) && !resource.objects().isEmpty()) {
            return new Problem(
                    "BucketNotEmpty",
                    "bucket " + resource.nativeId() + " holds "
                            + resource.objects().size() + " objects; empty it before deleting it");
        }
        List<StoredResource> blockers = new ArrayList<>();
        for (String dependent : dependentsOf.getOrDefault(resource.nativeId(), Set.of())) {
            StoredResource d = resources.get(dependent);
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

    private StoredResource resolve(Object id) {
        if (!(id instanceof String text)) {
            return null;
        }
        String nativeId = aliases.get(text);
        return nativeId == null ? null : resources.get(nativeId);
    }

    private Object zoneOfSubnet(Map<String, Object> props) {
        StoredResource subnet = resolve(props.get("SubnetId"));
        return subnet == null ? null : subnet.properties().get("AvailabilityZone");
    }

    private int natGatewaysIn(Object zone) {
        int n = 0;
        for (StoredResource r : resources.values()) {
            if (r.type().equals(ResourceTypes.NAT_GATEWAY) && Objects.equals(zoneOfSubnet(r.properties()), zone)) {
                n++;
            }
        }
        return n;
    }

    private int count(String type) {
        int n = 0;
        for (StoredResource r : resources.values()) {
            if (r.type().equals(type)) {
                n++;
            }
        }
        return n;
    }

    // ---------------------------------------------------------------- ids, attributes, tags

    private String hex(int digits) {
        StringBuilder sb = new StringBuilder(digits);
        for (int i = 0; i < digits; i++) {
            sb.append(Character.forDigit(random.nextInt(16), 16));
        }
        return sb.toString();
    }

    /** 17 hex digits derived from an id, so generated attributes survive an update unchanged. */
    private static String derivedHex(String nativeId) {
        long h = 1125899906842597L;
        for (int i = 0; i < nativeId.length(); i++) {
            h = 31 * h + nativeId.charAt(i);
        }
        String hex = Long.toHexString(h) + Long.toHexString(Long.reverse(h));
        return hex.length() >= 17 ? hex.substring(0, 17) : (hex + "00000000000000000").substring(0, 17);
    }

    private String newId(ResourceTypes.TypeSpec spec) {
        while (true) {
            String id;
            switch (spec.idStyle()) {
                case "@zone":
                    id = "Z" + randomChars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 20);
                    break;
                case "@uuid":
                    id = new UUID(random.nextLong(), random.nextLong()).toString();
                    break;
                case "@short":
                    id = randomChars("abcdefghijklmnopqrstuvwxyz0123456789", 10);
                    break;
                default:
                    id = spec.idStyle() + "-" + hex(17);
                    break;
            }
            if (!resources.containsKey(id) && !aliases.containsKey(id)) {
                return id;
            }
        }
    }

    private String randomChars(String alphabet, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private void addGeneratedAttributes(ResourceTypes.TypeSpec spec, String nativeId, Map<String, Object> props) {
        String arn = ResourceTypes.arn(spec.type(), options.region(), nativeId);
        props.putIfAbsent("Id", nativeId);
        props.putIfAbsent("Arn", arn);
        if (spec.identifier() != null) {
            props.putIfAbsent(spec.identifier(), nativeId);
        }
        switch (spec.type()) {
            case ResourceTypes.ROLE:
                props.putIfAbsent(
                        "RoleId",
                        "AROA" + Integer.toHexString(nativeId.hashCode()).toUpperCase(Locale.ROOT));
                break;
            case "AWS::IAM::ManagedPolicy":
                props.putIfAbsent("PolicyArn", arn);
                break;
            case "AWS::SQS::Queue":
                props.putIfAbsent(
                        "QueueUrl", "https://sqs." + options.region() + ".amazonaws.com/123456789012/" + nativeId);
                break;
            case "AWS::EC2::VPC":
                props.putIfAbsent("DefaultSecurityGroup", "sg-" + derivedHex(nativeId));
                break;
            case ResourceTypes.INSTANCE:
                Object zone = zoneOfSubnet(props);
                if (zone != null) {
                    props.put("AvailabilityZone", zone);
                }
                break;
            default:
                break;
        }
    }

    private static Map<String, String> mergeTags(Map<String, Object> props, Map<String, String> requestTags) {
        Map<String, String> tags = new LinkedHashMap<>();
        addTags(tags, props.get("Tags"));
        addTags(tags, props.get("FileSystemTags"));
        if (requestTags != null) {
            tags.putAll(requestTags);
        }
        return tags;
    }

    private static void addTags(Map<String, String> tags, Object value) {
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> tag && tag.get("Key") != null) {
                    tags.put(String.valueOf(tag.get("Key")), String.valueOf(tag.get("Value")));
                }
            }
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> tags.put(String.valueOf(k), String.valueOf(v)));
        }
    }

    // ---------------------------------------------------------------- storage and indexes

    private void putResource(StoredResource resource) {
        StoredResource previous = resources.put(resource.nativeId(), resource);
        if (previous == null) {
            index(resource);
            registerReferences(resource);
        } else if (previous.properties() != resource.properties()) {
            unindex(previous);
            index(resource);
            unregisterReferences(resource.nativeId());
            registerReferences(resource);
        }
        append(new Journal.Entry(resource, null, null, null));
    }

    private void removeResource(String nativeId) {
        StoredResource removed = resources.remove(nativeId);
        if (removed == null) {
            return;
        }
        unindex(removed);
        unregisterReferences(nativeId);
        append(new Journal.Entry(null, nativeId, null, null));
    }

    private void record(StoredOperation op) {
        operations.put(op.requestId(), op);
        if (op.clientToken() != null) {
            requestByToken.put(op.clientToken(), op.requestId());
        }
        append(new Journal.Entry(null, null, op, null));
    }

    private void append(Journal.Entry entry) {
        if (journal == null) {
            return;
        }
        journal.append(entry);
        long live = resources.size() + operations.size();
        if (journal.linesSinceCompaction() > Math.max(20_000, 4 * live)) {
            journal.compact(resources.values(), operations.values());
        }
    }

    private void index(StoredResource r) {
        aliases.put(r.nativeId(), r.nativeId());
        ResourceTypes.TypeSpec spec = ResourceTypes.spec(r.type());
        for (String key : aliasKeys(spec)) {
            if (r.properties().get(key) instanceof String value) {
                aliases.putIfAbsent(value, r.nativeId());
            }
        }
    }

    private static List<String> aliasKeys(ResourceTypes.TypeSpec spec) {
        List<String> keys = new ArrayList<>(List.of("Id", "Arn"));
        if (spec.identifier() != null) {
            keys.add(spec.identifier());
        }
        if (spec.nameProperty() != null) {
            keys.add(spec.nameProperty());
        }
        if (spec.type().equals("AWS::IAM::ManagedPolicy")) {
            keys.add("PolicyArn");
        }
        if (spec.type().equals("AWS::SQS::Queue")) {
            keys.add("QueueUrl");
        }
        return keys;
    }

    private void unindex(StoredResource r) {
        aliases.remove(r.nativeId(), r.nativeId());
        for (String key : aliasKeys(ResourceTypes.spec(r.type()))) {
            if (r.properties().get(key) instanceof String value) {
                aliases.remove(value, r.nativeId());
            }
        }
    }

    private void registerReferences(StoredResource r) {
        Set<String> targets = new LinkedHashSet<>();
        for (ResourceTypes.Reference ref : ResourceTypes.spec(r.type()).references()) {
            Object value = r.properties().get(ref.property());
            List<?> values = value instanceof List<?> list ? list : value == null ? List.of() : List.of(value);
            for (Object item : values) {
                StoredResource target = resolve(item);
                if (target != null && !target.nativeId().equals(r.nativeId())) {
                    targets.add(target.nativeId());
                }
            }
        }
        if (!targets.isEmpty()) {
            referencesOf.put(r.nativeId(), targets);
            for (String t : targets) {
                dependentsOf.computeIfAbsent(t, k -> new HashSet<>()).add(r.nativeId());
            }
        }
    }

    private void unregisterReferences(String nativeId) {
        Set<String> targets = referencesOf.remove(nativeId);
        if (targets != null) {
            for (String t : targets) {
                Set<String> dependents = dependentsOf.get(t);
                if (dependents != null) {
                    dependents.remove(nativeId);
                    if (dependents.isEmpty()) {
                        dependentsOf.remove(t);
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- resources API

    List<CloudResource> resources(ResourceQuery query) {
        lock.lock();
        try {
            List<CloudResource> out = new ArrayList<>();
            for (StoredResource r : resources.values()) {
                if (matches(r, query)) {
                    out.add(render(r));
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    private static boolean matches(StoredResource r, ResourceQuery q) {
        if (q.type() != null && !q.type().equals(r.type())) {
            return false;
        }
        if (q.state() != null && !q.state().equals(r.state())) {
            return false;
        }
        if (q.labelPrefix() != null && (r.label() == null || !r.label().startsWith(q.labelPrefix()))) {
            return false;
        }
        for (String tag : q.tags()) {
            int eq = tag.indexOf('=');
            if (eq < 0) {
                if (!r.tags().containsKey(tag)) {
                    return false;
                }
            } else if (!tag.substring(eq + 1).equals(r.tags().get(tag.substring(0, eq)))) {
                return false;
            }
        }
        return true;
    }

    CloudResource resource(String nativeId) {
        lock.lock();
        try {
            StoredResource r = resources.get(nativeId);
            if (r == null) {
                throw CloudRejection.notFound("no resource with nativeId [" + nativeId + "]");
            }
            return render(r);
        } finally {
            lock.unlock();
        }
    }

    /** Out-of-band removal, at once and in any state; rules only when asked. */
    CloudResource deleteOutOfBand(String nativeId, boolean checkDependencies) {
        lock.lock();
        try {
            StoredResource r = resources.get(nativeId);
            if (r == null) {
                throw CloudRejection.notFound("no resource with nativeId [" + nativeId + "]");
            }
            if (checkDependencies) {
                Problem problem = deleteProblem(r);
                if (problem != null) {
                    throw new CloudRejection(409, problem.code(), problem.message());
                }
            }
            removeResource(nativeId);
            return render(r);
        } finally {
            lock.unlock();
        }
    }

    CloudResource putObject(String nativeId, String key) {
        lock.lock();
        try {
            StoredResource bucket = bucket(nativeId);
            List<String> objects = new ArrayList<>(bucket.objects());
            if (!objects.contains(key)) {
                objects.add(key);
            }
            StoredResource updated = new StoredResource(
                    bucket.nativeId(),
                    bucket.type(),
                    bucket.label(),
                    bucket.state(),
                    bucket.properties(),
                    bucket.tags(),
                    bucket.createdAt(),
                    System.currentTimeMillis(),
                    List.copyOf(objects));
            putResource(updated);
            return render(updated);
        } finally {
            lock.unlock();
        }
    }

    CloudResource emptyBucket(String nativeId) {
        lock.lock();
        try {
            StoredResource bucket = bucket(nativeId);
            StoredResource updated = new StoredResource(
                    bucket.nativeId(),
                    bucket.type(),
                    bucket.label(),
                    bucket.state(),
                    bucket.properties(),
                    bucket.tags(),
                    bucket.createdAt(),
                    System.currentTimeMillis(),
                    List.of());
            putResource(updated);
            return render(updated);
        } finally {
            lock.unlock();
        }
    }

    private StoredResource bucket(String nativeId) {
        StoredResource r = resources.get(nativeId);
        if (r == null) {
            throw CloudRejection.notFound("no resource with nativeId [" + nativeId + "]");
        }
        if (!r.type().equals(ResourceTypes.BUCKET)) {
            throw CloudRejection.invalid("[" + nativeId + "] is a " + r.type() + "; objects can only be put into an "
                    + ResourceTypes.BUCKET);
        }
        return r;
    }

    // ---------------------------------------------------------------- faults, quotas, health, reset

    CloudFaults faults() {
        lock.lock();
        try {
            Map<String, Map<String, Long>> latency = new LinkedHashMap<>();
            latencyOverrides.forEach((k, v) -> latency.put(k, Map.copyOf(v)));
            return new CloudFaults(
                    latencyScale,
                    latency,
                    Map.copyOf(throttleOverrides),
                    List.copyOf(failRules),
                    strictSecurityGroupVpc);
        } finally {
            lock.unlock();
        }
    }

    CloudFaults mergeFaults(CloudFaults update) {
        if (update == null) {
            throw CloudRejection.invalid("the body is empty; send a faults object");
        }
        if (update.latencyScale() != null && !(update.latencyScale() >= 0)) {
            throw CloudRejection.invalid("[" + update.latencyScale() + "] is not a latencyScale; use a number >= 0");
        }
        lock.lock();
        try {
            if (update.latencyScale() != null) {
                latencyScale = update.latencyScale();
            }
            if (update.latencyMs() != null) {
                update.latencyMs().forEach((type, perOp) -> {
                    for (Map.Entry<String, Long> e : perOp.entrySet()) {
                        if (!List.of("create", "update", "delete").contains(e.getKey())
                                || e.getValue() == null
                                || e.getValue() < 0) {
                            throw CloudRejection.invalid("latencyMs." + type + "." + e.getKey() + " = " + e.getValue()
                                    + " is not accepted; use create|update|delete -> milliseconds >= 0");
                        }
                    }
                    latencyOverrides.computeIfAbsent(type, k -> new HashMap<>()).putAll(perOp);
                });
            }
            if (update.throttle() != null) {
                update.throttle().forEach((ns, rate) -> {
                    if (rate == null || !(rate >= 0)) {
                        throw CloudRejection.invalid(
                                "throttle." + ns + " = " + rate + " is not accepted; use operations/s >= 0");
                    }
                    throttleOverrides.put(ns, rate);
                });
                throttle.clear();
            }
            if (update.strictSecurityGroupVpc() != null) {
                strictSecurityGroupVpc = update.strictSecurityGroupVpc();
            }
            if (update.failNext() != null) {
                for (CloudFaults.FailRule rule : update.failNext()) {
                    if (rule.type() == null || rule.count() <= 0) {
                        throw CloudRejection.invalid(
                                "failNext item " + rule + " is not accepted; it needs a type and a count > 0");
                    }
                    failRules.add(rule);
                }
            }
            return faults();
        } finally {
            lock.unlock();
        }
    }

    void resetFaults() {
        lock.lock();
        try {
            latencyScale = options.latencyScale();
            latencyOverrides.clear();
            throttleOverrides.clear();
            failRules.clear();
            throttle.clear();
            strictSecurityGroupVpc = false;
        } finally {
            lock.unlock();
        }
    }

    private CloudFaults.FailRule takeFailRule(String type, String operation) {
        for (int i = 0; i < failRules.size(); i++) {
            CloudFaults.FailRule rule = failRules.get(i);
            if (rule.type().equals(type)
                    && (rule.operation() == null || rule.operation().equals(operation))) {
                if (rule.count() <= 1) {
                    failRules.remove(i);
                } else {
                    failRules.set(
                            i,
                            new CloudFaults.FailRule(
                                    rule.type(), rule.operation(), rule.count() - 1, rule.errorCode(), rule.message()));
                }
                return rule;
            }
        }
        return null;
    }

    private long latencyMillis(String type, String operation) {
        Map<String, Long> override = latencyOverrides.get(type);
        if (override != null && override.containsKey(operation)) {
            return override.get(operation);
        }
        if (operation.equals("read")) {
            return 0;
        }
        ResourceTypes.TypeSpec spec = ResourceTypes.spec(type);
        long base = operation.equals("create")
                ? spec.createMs()
                : operation.equals("delete") ? spec.deleteMs() : spec.createMs() / 2;
        return Math.round(base * latencyScale);
    }

    private double rateFor(String namespace) {
        Double specific = throttleOverrides.get(namespace);
        if (specific != null) {
            return specific;
        }
        Double any = throttleOverrides.get("*");
        return any != null ? any : options.rateLimit();
    }

    List<CloudQuota> quotas() {
        lock.lock();
        try {
            List<CloudQuota> out = new ArrayList<>();
            out.add(new CloudQuota(
                    "vpc",
                    CloudQuota.VPCS,
                    "VPCs per Region",
                    ResourceTypes.VPC,
                    quotas.get(CloudQuota.VPCS),
                    count(ResourceTypes.VPC)));
            out.add(new CloudQuota(
                    "vpc",
                    CloudQuota.INTERNET_GATEWAYS,
                    "Internet gateways per Region",
                    ResourceTypes.IGW,
                    quotas.get(CloudQuota.INTERNET_GATEWAYS),
                    count(ResourceTypes.IGW)));
            Map<Object, Integer> perZone = new HashMap<>();
            for (StoredResource r : resources.values()) {
                if (r.type().equals(ResourceTypes.NAT_GATEWAY)) {
                    perZone.merge(String.valueOf(zoneOfSubnet(r.properties())), 1, Integer::sum);
                }
            }
            out.add(new CloudQuota(
                    "vpc",
                    CloudQuota.NAT_GATEWAYS,
                    "NAT gateways per Availability Zone",
                    ResourceTypes.NAT_GATEWAY,
                    quotas.get(CloudQuota.NAT_GATEWAYS),
                    perZone.values().stream().mapToInt(Integer::intValue).max().orElse(0)));
            return out;
        } finally {
            lock.unlock();
        }
    }

    List<CloudQuota> setQuotas(Map<String, Integer> values) {
        lock.lock();
        try {
            for (Map.Entry<String, Integer> e : values.entrySet()) {
                if (!QUOTA_TYPES.containsKey(e.getKey()) || e.getValue() == null || e.getValue() < 0) {
                    throw CloudRejection.invalid("quota " + e.getKey() + " = " + e.getValue()
                            + " is not accepted; use one of " + QUOTA_TYPES.keySet() + " with a value >= 0");
                }
            }
            quotas.putAll(values);
            return quotas();
        } finally {
            lock.unlock();
        }
    }

    private void resetQuotas() {
        for (String code : QUOTA_TYPES.keySet()) {
            quotas.put(code, 5);
        }
    }

    CloudHealth health() {
        lock.lock();
        try {
            int inFlight = 0;
            for (StoredOperation op : operations.values()) {
                if (op.inProgress()) {
                    inFlight++;
                }
            }
            return new CloudHealth(
                    "ok",
                    options.region(),
                    resources.size(),
                    inFlight,
                    latencyScale,
                    journal == null ? null : journal.file().toString());
        } finally {
            lock.unlock();
        }
    }

    void reset() {
        lock.lock();
        try {
            resources.clear();
            operations.clear();
            requestByToken.clear();
            aliases.clear();
            referencesOf.clear();
            dependentsOf.clear();
            resetQuotas();
            resetFaults();
            if (journal != null) {
                journal.compact(List.of(), List.of());
            }
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- rendering

    private OperationStatus render(StoredOperation op) {
        Map<String, Object> model = null;
        if (op.status().equals(OperationStatus.SUCCESS) && !op.operation().equals("delete")) {
            StoredResource r = resources.get(op.nativeId());
            model = r == null ? null : r.properties();
        }
        return new OperationStatus(
                op.requestId(),
                op.clientToken(),
                op.operation(),
                op.type(),
                op.label(),
                op.nativeId(),
                op.status(),
                op.errorCode(),
                op.message(),
                time(op.submittedAt()),
                op.completedAt() == null ? null : time(op.completedAt()),
                model);
    }

    private static CloudResource render(StoredResource r) {
        return new CloudResource(
                r.nativeId(),
                r.type(),
                r.label(),
                r.state(),
                r.properties(),
                r.tags(),
                time(r.createdAt()),
                time(r.updatedAt()),
                r.objects().size());
    }

    private static String time(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    Collection<StoredOperation> operationsForTest() {
        return operations.values();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        lock.lock();
        try {
            if (journal != null) {
                journal.compact(resources.values(), operations.values());
                journal.close();
            }
        } finally {
            lock.unlock();
        }
    }
}
