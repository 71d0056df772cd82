package dev.infraperf.mock.formae.cloud;

import java.util.ArrayList;
import java.util.List;

/** The objects of S3 buckets: enough to make a bucket non-empty, which blocks its delete. */
final class BucketObjects {

    private final ResourceStore store;

    BucketObjects(ResourceStore store) {
        this.store = store;
    }

    StoredResource put(String nativeId, String key, long now) {
        StoredResource bucket = bucket(nativeId);
        List<String> objects = new ArrayList<>(bucket.objects());
        if (!objects.contains(key)) {
            objects.add(key);
        }
        return replace(bucket, List.copyOf(objects), now);
    }

    StoredResource empty(String nativeId, long now) {
        return replace(bucket(nativeId), List.of(), now);
    }

    private StoredResource replace(StoredResource bucket, List<String> objects, long now) {
        StoredResource updated = new StoredResource(
                bucket.nativeId(),
                bucket.type(),
                bucket.label(),
                bucket.state(),
                bucket.properties(),
                bucket.tags(),
                bucket.createdAt(),
                now,
                objects);
        store.put(updated);
        return updated;
    }

    private StoredResource bucket(String nativeId) {
        StoredResource r = store.get(nativeId);
        if (r == null) {
            throw CloudRejection.notFound("no resource with nativeId [" + nativeId + "]");
        }
        if (!r.type().equals(ResourceTypes.BUCKET)) {
            throw CloudRejection.invalid("[" + nativeId + "] is a " + r.type() + "; objects can only be put into an "
                    + ResourceTypes.BUCKET);
        }
        return r;
    }
}
