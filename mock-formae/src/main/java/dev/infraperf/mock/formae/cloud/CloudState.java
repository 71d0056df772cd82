package dev.infraperf.mock.formae.cloud;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The cloud itself, as the server sees it: one lock and the parts it guards, each with one role:
 * {@link ResourceStore} (resources, {@link Aliases}, {@link ReferenceGraph}), {@link OperationLog},
 * {@link OperationLifecycle} (accept and complete), {@link DependencyRules}, {@link ResourceIds},
 * {@link Tags}, {@link BucketObjects}, {@link FaultSettings}, {@link Quotas} and the {@link Journal}.
 *
 * <p>One lock, because an accept reads and changes resources, aliases, the reference graph, quotas,
 * faults and the log at once, and must see them consistent; each step under it is short. Completion
 * runs on the cloud's own scheduler, so work accepted finishes whatever the client does.
 */
final class CloudState implements AutoCloseable {

    private final CloudOptions options;
    private final ReentrantLock lock = new ReentrantLock();
    private final Journal journal;
    private final ResourceStore store;
    private final OperationLog log;
    private final FaultSettings faults;
    private final Quotas quotas;
    private final BucketObjects buckets;
    private final DependencyRules rules;
    private final OperationLifecycle lifecycle;
    private final ScheduledExecutorService scheduler;

    CloudState(CloudOptions options, ObjectMapper json) {
        this(options, json, System::nanoTime);
    }

    /** With the nanosecond clock of the throttle's token buckets (tests drive it by hand). */
    CloudState(CloudOptions options, ObjectMapper json, LongSupplier nanoClock) {
        this.options = options;
        this.journal = options.dataFile() == null ? null : new Journal(options.dataFile(), json);
        this.store = new ResourceStore(this::append);
        this.log = new OperationLog(this::append);
        this.faults = new FaultSettings(options, nanoClock);
        this.quotas = new Quotas(store);
        this.buckets = new BucketObjects(store);
        this.rules = new DependencyRules(store);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "simulated-cloud-completions");
            thread.setDaemon(true);
            return thread;
        });
        this.lifecycle = new OperationLifecycle(
                store, log, rules, quotas, faults, new ResourceIds(options.region()), this::completeLater);
        if (journal != null) {
            restore(journal.replay());
        }
    }

    private void restore(Journal.Replayed replayed) {
        store.restore(replayed.resources());
        log.restore(replayed.operations());
        journal.compact(store.all(), log.all());
        long now = System.currentTimeMillis();
        for (StoredOperation op : log.all()) {
            if (op.inProgress()) {
                completeLater(op.requestId(), Math.max(0, op.dueAt() - now));
            }
        }
    }

    private void completeLater(String requestId, long delayMillis) {
        scheduler.schedule(() -> complete(requestId), delayMillis, TimeUnit.MILLISECONDS);
    }

    private void append(Journal.Entry entry) {
        if (journal == null) {
            return;
        }
        journal.append(entry);
        long live = store.size() + log.size();
        if (journal.linesSinceCompaction() > Math.max(20_000, 4 * live)) {
            journal.compact(store.all(), log.all());
        }
    }

    // ---------------------------------------------------------------- operations

    /** Accepts (or refuses) one operation and returns its status, possibly already final. */
    OperationStatus submit(OperationRequest request) {
        lock.lock();
        try {
            return render(lifecycle.submit(request, System.currentTimeMillis()));
        } finally {
            lock.unlock();
        }
    }

    /** Completes an in-progress operation; called by the scheduler. */
    void complete(String requestId) {
        lock.lock();
        try {
            lifecycle.complete(requestId, System.currentTimeMillis());
        } finally {
            lock.unlock();
        }
    }

    OperationStatus operation(String requestId) {
        lock.lock();
        try {
            StoredOperation op = log.get(requestId);
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
            for (StoredOperation op : log.matching(label, type, operation, status, nativeId)) {
                out.add(render(op));
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    OperationStatus operationByToken(String clientToken) {
        lock.lock();
        try {
            StoredOperation op = log.byToken(clientToken);
            if (op == null) {
                throw CloudRejection.notFound("no operation with clientToken [" + clientToken + "]");
            }
            return render(op);
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- resources API

    List<CloudResource> resources(ResourceQuery query) {
        lock.lock();
        try {
            List<CloudResource> out = new ArrayList<>();
            for (StoredResource r : store.all()) {
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
            StoredResource r = store.get(nativeId);
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
            StoredResource r = store.get(nativeId);
            if (r == null) {
                throw CloudRejection.notFound("no resource with nativeId [" + nativeId + "]");
            }
            if (checkDependencies) {
                Problem problem = rules.deleteProblem(r);
                if (problem != null) {
                    throw new CloudRejection(409, problem.code(), problem.message());
                }
            }
            store.remove(nativeId);
            return render(r);
        } finally {
            lock.unlock();
        }
    }

    CloudResource putObject(String nativeId, String key) {
        lock.lock();
        try {
            return render(buckets.put(nativeId, key, System.currentTimeMillis()));
        } finally {
            lock.unlock();
        }
    }

    CloudResource emptyBucket(String nativeId) {
        lock.lock();
        try {
            return render(buckets.empty(nativeId, System.currentTimeMillis()));
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- faults, quotas, health, reset

    CloudFaults faults() {
        lock.lock();
        try {
            return faults.snapshot();
        } finally {
            lock.unlock();
        }
    }

    CloudFaults mergeFaults(CloudFaults update) {
        lock.lock();
        try {
            faults.merge(update);
            return faults.snapshot();
        } finally {
            lock.unlock();
        }
    }

    void resetFaults() {
        lock.lock();
        try {
            faults.reset();
        } finally {
            lock.unlock();
        }
    }

    List<CloudQuota> quotas() {
        lock.lock();
        try {
            return quotas.list();
        } finally {
            lock.unlock();
        }
    }

    List<CloudQuota> setQuotas(Map<String, Integer> values) {
        lock.lock();
        try {
            quotas.set(values);
            return quotas.list();
        } finally {
            lock.unlock();
        }
    }

    CloudHealth health() {
        lock.lock();
        try {
            return new CloudHealth(
                    "ok",
                    options.region(),
                    store.size(),
                    log.inFlight(),
                    faults.latencyScale(),
                    journal == null ? null : journal.file().toString());
        } finally {
            lock.unlock();
        }
    }

    void reset() {
        lock.lock();
        try {
            store.clear();
            log.clear();
            quotas.reset();
            faults.reset();
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
            StoredResource r = store.get(op.nativeId());
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

    @Override
    public void close() {
        scheduler.shutdownNow();
        lock.lock();
        try {
            if (journal != null) {
                journal.compact(store.all(), log.all());
                journal.close();
            }
        } finally {
            lock.unlock();
        }
    }
}
