package dev.infraperf.mock.formae.cloud;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One operation sent to the simulated cloud ({@code POST /cloud/v1/operations}).
 *
 * @param operation {@code create}, {@code update}, {@code delete} or {@code read}
 * @param type the CloudFormation type name, {@code AWS::<Namespace>::<Name>}
 * @param label the resource label; required for creates
 * @param nativeId the resource's id; required for update, delete and read
 * @param properties the desired properties (CloudFormation names), for create and update
 * @param tags tags to store besides the {@code Tags} property
 * @param clientToken unique per resource-update attempt; a repeated token returns the same request
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OperationRequest(
        String operation,
        String type,
        String label,
        String nativeId,
        Map<String, Object> properties,
        Map<String, String> tags,
        String clientToken) {

    /** A create of {@code type} named {@code label}. */
    public static OperationRequest create(
            String type, String label, Map<String, Object> properties, Map<String, String> tags, String clientToken) {
        return new OperationRequest("create", type, label, null, properties, tags, clientToken);
    }

    /** An update that replaces the properties of {@code nativeId}. */
    public static OperationRequest update(
            String type,
            String nativeId,
            Map<String, Object> properties,
            Map<String, String> tags,
            String clientToken) {
        return new OperationRequest("update", type, null, nativeId, properties, tags, clientToken);
    }

    /** A delete of {@code nativeId}. */
    public static OperationRequest delete(String type, String nativeId, String clientToken) {
        return new OperationRequest("delete", type, null, nativeId, null, null, clientToken);
    }

    /** A read of {@code nativeId}; answered at once. */
    public static OperationRequest read(String type, String nativeId, String clientToken) {
        return new OperationRequest("read", type, null, nativeId, null, null, clientToken);
    }
}
