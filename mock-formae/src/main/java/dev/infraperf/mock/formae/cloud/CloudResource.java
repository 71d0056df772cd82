package dev.infraperf.mock.formae.cloud;

import java.util.Map;

/**
 * A resource held by the simulated cloud.
 *
 * @param nativeId the id, unique across types
 * @param type the CloudFormation type name
 * @param label the label given at creation
 * @param state {@code Creating}, {@code Available}, {@code Updating} or {@code Deleting}
 * @param properties input properties plus generated attributes ({@code Id}, {@code Arn}, ...)
 * @param tags all tags, merged from the request's tags and the {@code Tags} property
 * @param createdAt ISO-8601 time the create was accepted
 * @param updatedAt ISO-8601 time of the last change
 * @param objectCount objects held (buckets only; 0 otherwise)
 */
public record CloudResource(
        String nativeId,
        String type,
        String label,
        String state,
        Map<String, Object> properties,
        Map<String, String> tags,
        String createdAt,
        String updatedAt,
        int objectCount) {

    /** The resource is being created. */
    public static final String CREATING = "Creating";
    /** The resource exists and no operation runs on it. */
    public static final String AVAILABLE = "Available";
    /** An update runs on the resource. */
    public static final String UPDATING = "Updating";
    /** A delete runs on the resource. */
    public static final String DELETING = "Deleting";
}
