package dev.infraperf.distributed;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Map;
import org.apiguardian.api.API;

/**
 * One interval of a worker's phase, as the worker serves it ({@code GET /status}). Intervals are numbered from the
 * worker's start, which is the agreed instant plus its schedule offset, so interval {@code k} of every worker covers
 * the same second of the merged timeline.
 *
 * @param index 0-based interval number
 * @param offsetNanos start of the interval from the worker's phase start
 * @param lengthNanos length of the interval (the last one is partial)
 * @param ok requests that succeeded in the interval
 * @param failed requests that failed or timed out in the interval
 * @param totalOk requests that succeeded since the phase start
 * @param totalFailed requests that failed or timed out since the phase start
 * @param errorsByClass failures since the phase start per class ({@code status}, {@code connection},
 *     {@code validation}, {@code timeout})
 * @param dropped open model: arrivals dropped since the phase start
 * @param users closed model: users running; open model: tasks in flight
 * @param raw the interval's service times, HdrHistogram compressed encoding in Base64 (a histogram log line's
 *     payload), nanoseconds
 * @param corrected as {@code raw}, corrected for coordinated omission
 */
@API(status = INTERNAL, since = "0.1")
public record WorkerInterval(
        int index,
        long offsetNanos,
        long lengthNanos,
        long ok,
        long failed,
        long totalOk,
        long totalFailed,
        Map<String, Long> errorsByClass,
        long dropped,
        int users,
        String raw,
        String corrected) {}
