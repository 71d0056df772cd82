package dev.infraperf.mock.formae.cloud;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * An operation's life: validated, deduplicated by client token, throttled, checked against the rules
 * and accepted (or failed at once), then completed when its latency has passed. Not thread-safe:
 * {@link CloudState} calls it under its lock, and its scheduler calls {@link CloudState#complete}.
 */
final class OperationLifecycle {

    private static final List<String> OPERATIONS = List.of("create", "update", "delete", "read");

    /** Schedules the completion of an operation after a delay in milliseconds. */
    interface CompletionScheduler {
        void completeLater(String requestId, long delayMillis);
    }

    private final ResourceStore store;
    private final OperationLog log;
    private final DependencyRules rules;
    private final Quotas quotas;
    private final FaultSettings faults;
    private final ResourceIds ids;
    private final CompletionScheduler scheduler;

    OperationLifecycle(
            ResourceStore store,
            OperationLog log,
            DependencyRules rules,
            Quotas quotas,
            FaultSettings faults,
            ResourceIds ids,
            CompletionScheduler scheduler) {
        this.store = store;
        this.log = log;
        this.rules = rules;
        this.quotas = quotas;
        this.faults = faults;
        this.ids = ids;
        this.scheduler = scheduler;
    }

    /** Accepts (or refuses) one operation; the answer may already be final. */
    StoredOperation submit(OperationRequest request, long now) {
        String operation = validate(request);
        if (request.clientToken() != null) {
            StoredOperation existing = log.byToken(request.clientToken());
            if (existing != null) {
                checkSameRequest(existing, request, operation);
                return existing;
            }
        }
        faults.acquire(ResourceTypes.namespace(request.type()));
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
                // reads are answered at once and not kept: a periodic sync would otherwise grow the
                // operation log (and the journal) without bound
                return acceptRead(request, now);
        }
        log.record(op);
        if (op.inProgress()) {
            long delay = op.dueAt() - now;
            if (delay <= 0) {
                complete(op.requestId(), now);
            } else {
                scheduler.completeLater(op.requestId(), delay);
            }
        }
        return log.get(op.requestId());
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
        CloudFaults.FailRule injected = faults.takeFailRule(request.type(), operation);
        long due = now + faults.latencyMillis(request.type(), operation);
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

    private static StoredOperation failed(
            OperationRequest request, String operation, String label, String nativeId, long now, Problem problem) {
        return new StoredOperation(
                UUID.randomUUID().toString(),
                request.clientToken(),
                operation,
                request.type(),
                label,
                nativeId,
                OperationStatus.FAILED,
                problem.code(),
                problem.message(),
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
        Problem problem = rules.checkReferences(type, props, null);
        if (problem == null) {
            problem = quotas.check(type, props);
        }
        if (problem == null && faults.strictSecurityGroupVpc()) {
            problem = rules.checkSecurityGroupNetwork(type, props);
        }
        if (problem == null && type.equals(ResourceTypes.VOLUME_ATTACHMENT)) {
            problem = rules.checkAvailabilityZones(props);
        }
        if (problem == null && type.equals(ResourceTypes.RECORD_SET)) {
            problem = rules.checkRecordSet(props);
        }
        if (problem != null) {
            return failed(request, "create", request.label(), null, now, problem);
        }
        String nativeId;
        if (spec.nameProperty() != null) {
            Object name = props.get(spec.nameProperty());
            nativeId = name instanceof String s && !s.isBlank() ? s : request.label() + "-" + ids.hex(8);
            if (store.isTaken(nativeId)) {
                return failed(
                        request,
                        "create",
                        request.label(),
                        null,
                        now,
                        new Problem("AlreadyExists", type + " named [" + nativeId + "] already exists"));
            }
            props.putIfAbsent(spec.nameProperty(), nativeId);
        } else {
            nativeId = ids.newId(spec, store::isTaken);
        }
        ids.addGeneratedAttributes(spec, nativeId, props, store.zoneOfSubnet(props));
        store.put(new StoredResource(
                nativeId,
                type,
                request.label(),
                CloudResource.CREATING,
                props,
                Tags.merge(props, request.tags()),
                now,
                now,
                List.of()));
        return newOperation(request, "create", request.label(), nativeId, now, null, null);
    }

    private StoredOperation acceptUpdate(OperationRequest request, long now) {
        StoredResource current = store.get(request.nativeId());
        if (current == null || !current.type().equals(request.type())) {
            return failed(request, "update", null, request.nativeId(), now, notFound(request));
        }
        if (!current.state().equals(CloudResource.AVAILABLE)) {
            return failed(request, "update", current.label(), current.nativeId(), now, conflict(current));
        }
        Map<String, Object> props =
                new LinkedHashMap<>(request.properties() == null ? current.properties() : request.properties());
        Problem problem = rules.checkReferences(request.type(), props, current.nativeId());
        if (problem != null) {
            return failed(request, "update", current.label(), current.nativeId(), now, problem);
        }
        store.put(current.withState(CloudResource.UPDATING, now));
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
        StoredResource current = store.get(request.nativeId());
        if (current == null || !current.type().equals(request.type())) {
            return failed(request, "delete", null, request.nativeId(), now, notFound(request));
        }
        if (!current.state().equals(CloudResource.AVAILABLE)) {
            return failed(request, "delete", current.label(), current.nativeId(), now, conflict(current));
        }
        Problem problem = rules.deleteProblem(current);
        if (problem != null) {
            return failed(request, "delete", current.label(), current.nativeId(), now, problem);
        }
        store.put(current.withState(CloudResource.DELETING, now));
        return newOperation(request, "delete", current.label(), current.nativeId(), now, null, null);
    }

    private StoredOperation acceptRead(OperationRequest request, long now) {
        StoredResource current = store.get(request.nativeId());
        if (current == null || !current.type().equals(request.type())) {
            return failed(request, "read", null, request.nativeId(), now, notFound(request));
        }
        CloudFaults.FailRule injected = faults.takeFailRule(request.type(), "read");
        if (injected != null) {
            return failed(
                    request,
                    "read",
                    current.label(),
                    current.nativeId(),
                    now,
                    new Problem(
                            Objects.requireNonNullElse(injected.errorCode(), "InternalFailure"),
                            Objects.requireNonNullElse(
                                    injected.message(), "injected failure of read " + request.type())));
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

    private static Problem notFound(OperationRequest request) {
        return new Problem("NotFound", request.type() + " [" + request.nativeId() + "] does not exist");
    }

    private static Problem conflict(StoredResource current) {
        return new Problem(
                "ResourceConflict",
                current.type() + " [" + current.nativeId() + "] is " + current.state()
                        + "; another operation on it is in progress");
    }

    /** Completes an in-progress operation: its change to the resource, or its injected failure. */
    void complete(String requestId, long now) {
        StoredOperation op = log.get(requestId);
        if (op == null || !op.inProgress()) {
            return;
        }
        StoredResource current = store.get(op.nativeId());
        if (op.injectedCode() != null) {
            if (current != null) {
                if (op.operation().equals("create")) {
                    store.remove(current.nativeId());
                } else {
                    store.put(current.withState(CloudResource.AVAILABLE, now));
                }
            }
            log.record(op.finish(OperationStatus.FAILED, op.injectedCode(), op.injectedMessage(), now));
            return;
        }
        if (current == null) {
            log.record(op.finish(
                    OperationStatus.FAILED,
                    "NotFound",
                    op.type() + " [" + op.nativeId() + "] was deleted while the " + op.operation() + " ran",
                    now));
            return;
        }
        switch (op.operation()) {
            case "create":
                store.put(current.withState(CloudResource.AVAILABLE, now));
                break;
            case "update":
                store.put(updated(op, current, now));
                break;
            default:
                store.remove(current.nativeId());
                break;
        }
        log.record(op.finish(OperationStatus.SUCCESS, null, null, now));
    }

    /** An update replaces the properties (generated attributes kept) and, when it names any, the tags. */
    private StoredResource updated(StoredOperation op, StoredResource current, long now) {
        Map<String, Object> props = new LinkedHashMap<>(op.newProperties());
        ResourceTypes.TypeSpec spec = ResourceTypes.spec(op.type());
        if (spec.nameProperty() != null) {
            props.putIfAbsent(spec.nameProperty(), current.nativeId());
        }
        ids.addGeneratedAttributes(spec, current.nativeId(), props, store.zoneOfSubnet(props));
        Map<String, String> tags =
                op.newTags() == null && !props.containsKey("Tags") ? current.tags() : Tags.merge(props, op.newTags());
        return new StoredResource(
                current.nativeId(),
                current.type(),
                current.label(),
                CloudResource.AVAILABLE,
                props,
                tags,
                current.createdAt(),
                now,
                current.objects());
    }
}
