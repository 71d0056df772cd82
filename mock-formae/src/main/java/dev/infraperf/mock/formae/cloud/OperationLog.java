package dev.infraperf.mock.formae.cloud;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Every operation the cloud accepted, in submission order, by request id and by client token; each
 * change goes to the journal. Not thread-safe: {@link CloudState} calls it under its lock.
 */
final class OperationLog {

    private final Map<String, StoredOperation> operations = new LinkedHashMap<>();
    private final Map<String, String> requestByToken = new HashMap<>();
    private final Consumer<Journal.Entry> journal;

    OperationLog(Consumer<Journal.Entry> journal) {
        this.journal = journal;
    }

    /** Loads replayed operations without journaling them again. */
    void restore(Map<String, StoredOperation> replayed) {
        operations.putAll(replayed);
        for (StoredOperation op : operations.values()) {
            if (op.clientToken() != null) {
                requestByToken.put(op.clientToken(), op.requestId());
            }
        }
    }

    void record(StoredOperation op) {
        operations.put(op.requestId(), op);
        if (op.clientToken() != null) {
            requestByToken.put(op.clientToken(), op.requestId());
        }
        journal.accept(new Journal.Entry(null, null, op, null));
    }

    StoredOperation get(String requestId) {
        return operations.get(requestId);
    }

    /** The operation sent with this client token, or null. */
    StoredOperation byToken(String clientToken) {
        String id = requestByToken.get(clientToken);
        return id == null ? null : operations.get(id);
    }

    /** Operations matching every non-null filter, in submission order. */
    List<StoredOperation> matching(String label, String type, String operation, String status, String nativeId) {
        List<StoredOperation> out = new ArrayList<>();
        for (StoredOperation op : operations.values()) {
            if ((label == null || label.equals(op.label()))
                    && (type == null || type.equals(op.type()))
                    && (operation == null || operation.equals(op.operation()))
                    && (status == null || status.equals(op.status()))
                    && (nativeId == null || nativeId.equals(op.nativeId()))) {
                out.add(op);
            }
        }
        return out;
    }

    int inFlight() {
        int n = 0;
        for (StoredOperation op : operations.values()) {
            if (op.inProgress()) {
                n++;
            }
        }
        return n;
    }

    Collection<StoredOperation> all() {
        return operations.values();
    }

    int size() {
        return operations.size();
    }

    void clear() {
        operations.clear();
        requestByToken.clear();
    }
}
