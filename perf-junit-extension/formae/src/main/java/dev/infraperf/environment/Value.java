package dev.infraperf.environment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A property value of a planned resource, rendered to Pkl by {@link PklProjectWriter}. */
sealed interface Value {

    record Text(String value) implements Value {}

    record Number(long value) implements Value {}

    record Flag(boolean value) implements Value {}

    /** A Pkl {@code Duration} in seconds; Formae renders it as a number of seconds. */
    record Seconds(long value) implements Value {}

    /** {@code <target>.res.<attribute>}: rendered by Formae as a {@code $res} object. */
    record Ref(PlannedResource target, String attribute) implements Value {
        public Ref {
            if (!target.type().resolvables().containsKey(attribute)) {
                throw new IllegalArgumentException(target.type() + " has no resolvable attribute " + attribute);
            }
        }

        /** The CloudFormation property the reference resolves to ({@code VpcId}). */
        String property() {
            return target.type().resolvables().get(attribute);
        }
    }

    /** A listing; its elements' types come from the property's declared element type. */
    record Items(List<Value> values) implements Value {
        public Items {
            values = List.copyOf(values);
        }
    }

    /**
     * An object. With {@code pklClass} ({@code launchtemplate.Monitoring}) it is written as {@code new
     * <pklClass> {...}}; without, as {@code new {...}} whose class Pkl infers (tags).
     */
    record Obj(String pklClass, Map<String, Value> properties) implements Value {
        public Obj {
            properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        }
    }

    /** A JSON document (IAM and KMS policies): a {@code Dynamic} with {@code ["Key"] = value} entries. */
    record Document(Map<String, Value> entries) implements Value {
        public Document {
            entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }
    }

    static Value text(String value) {
        return new Text(value);
    }

    static Value number(long value) {
        return new Number(value);
    }

    static Value flag(boolean value) {
        return new Flag(value);
    }

    static Value ref(PlannedResource target, String attribute) {
        return new Ref(target, attribute);
    }

    static Value items(Value... values) {
        return new Items(List.of(values));
    }
}
