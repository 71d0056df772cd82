package dev.infraperf.distributed;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.List;
import org.apiguardian.api.API;

/**
 * What a worker answers to {@code GET /status?from=k}: its state and its intervals from {@code k} on.
 *
 * @param state {@code idle} (no plan yet), {@code waiting} (for the agreed instant), {@code running}, {@code done} or
 *     {@code failed}
 * @param error why the phase failed, empty otherwise
 */
@API(status = INTERNAL, since = "0.1")
public record WorkerStatus(String state, String error, List<WorkerInterval> intervals) {}
