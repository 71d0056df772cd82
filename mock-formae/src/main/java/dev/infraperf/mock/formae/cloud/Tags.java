package dev.infraperf.mock.formae.cloud;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A resource's tags: CloudFormation-style {@code Tags} and EFS {@code FileSystemTags}, then the request's map. */
final class Tags {
    private Tags() {}

    /** The tags of these properties with the request's map over them (the map wins on a clash). */
    static Map<String, String> merge(Map<String, Object> props, Map<String, String> requestTags) {
        Map<String, String> tags = new LinkedHashMap<>();
        add(tags, props.get("Tags"));
        add(tags, props.get("FileSystemTags"));
        if (requestTags != null) {
            tags.putAll(requestTags);
        }
        return tags;
    }

    private static void add(Map<String, String> tags, Object value) {
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
}
