package dev.infraperf.mock.formae.cloud;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Every id, ARN and identifier value of a resource, mapped to its nativeId, so references can name any of them. */
final class Aliases {

    private final Map<String, String> nativeIdByAlias = new HashMap<>();

    void index(StoredResource r) {
        nativeIdByAlias.put(r.nativeId(), r.nativeId());
        for (String key : aliasKeys(ResourceTypes.spec(r.type()))) {
            if (r.properties().get(key) instanceof String value) {
                nativeIdByAlias.putIfAbsent(value, r.nativeId());
            }
        }
    }

    void unindex(StoredResource r) {
        nativeIdByAlias.remove(r.nativeId(), r.nativeId());
        for (String key : aliasKeys(ResourceTypes.spec(r.type()))) {
            if (r.properties().get(key) instanceof String value) {
                nativeIdByAlias.remove(value, r.nativeId());
            }
        }
    }

    /** The nativeId that {@code alias} names, or null. */
    String nativeIdOf(String alias) {
        return nativeIdByAlias.get(alias);
    }

    boolean contains(String alias) {
        return nativeIdByAlias.containsKey(alias);
    }

    void clear() {
        nativeIdByAlias.clear();
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
}
