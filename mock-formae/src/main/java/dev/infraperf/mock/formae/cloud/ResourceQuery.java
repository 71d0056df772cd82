package dev.infraperf.mock.formae.cloud;

import java.util.ArrayList;
import java.util.List;

/**
 * Filters for {@code GET /cloud/v1/resources}; all optional, combined with AND.
 *
 * @param type exact type, or null
 * @param tags {@code key=value} (exact value) or {@code key} (presence) items
 * @param labelPrefix label prefix, or null
 * @param state resource state, or null
 */
public record ResourceQuery(String type, List<String> tags, String labelPrefix, String state) {

    public ResourceQuery {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** No filter: every resource. */
    public static ResourceQuery all() {
        return new ResourceQuery(null, List.of(), null, null);
    }

    public ResourceQuery withType(String newType) {
        return new ResourceQuery(newType, tags, labelPrefix, state);
    }

    /** Adds a filter on a tag with exactly this value. */
    public ResourceQuery withTag(String key, String value) {
        var more = new ArrayList<>(tags);
        more.add(key + "=" + value);
        return new ResourceQuery(type, more, labelPrefix, state);
    }

    /** Adds a filter on the presence of a tag. */
    public ResourceQuery withTagKey(String key) {
        var more = new ArrayList<>(tags);
        more.add(key);
        return new ResourceQuery(type, more, labelPrefix, state);
    }

    public ResourceQuery withLabelPrefix(String prefix) {
        return new ResourceQuery(type, tags, prefix, state);
    }

    public ResourceQuery withState(String newState) {
        return new ResourceQuery(type, tags, labelPrefix, newState);
    }
}
