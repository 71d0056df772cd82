package dev.infraperf.formae;

import org.apiguardian.api.API;

/**
 * One resource of the agent's inventory ({@code GET /api/v1/resources}).
 *
 * @param label the resource label
 * @param type the CloudFormation type
 * @param stack the stack label
 * @param nativeId the cloud's id of the resource, or empty
 * @param managed whether Formae manages it ({@code managed:true})
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record InventoryResource(String label, String type, String stack, String nativeId, boolean managed) {}
