package dev.infraperf.distributed;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A worker pod's status in words: whether it is ready, and why it is not or why it ended. */
final class PodState {

    private PodState() {}

    static String phase(Pod pod) {
        PodStatus status = pod.getStatus();
        return status == null || status.getPhase() == null ? "Pending" : status.getPhase();
    }

    /** Running, with its Ready condition true (the readiness probe answered: the worker listens). */
    static boolean ready(Pod pod) {
        return phase(pod).equals("Running")
                && pod.getMetadata().getDeletionTimestamp() == null
                && condition(pod, "Ready")
                        .map(c -> "True".equals(c.getStatus()))
                        .orElse(false);
    }

    /** Failed or Succeeded: a worker pod is never restarted, so it will not listen again. */
    static boolean ended(Pod pod) {
        String phase = phase(pod);
        return phase.equals("Failed") || phase.equals("Succeeded");
    }

    /**
     * Why the worker of {@code pod} is gone, empty while it may still run.
     *
     * @param pod the pod as the API server has it now, {@code null} when it has none
     */
    static Optional<String> gone(String name, Pod pod) {
        if (pod == null) {
            return Optional.of("its pod " + name + " was deleted");
        }
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return Optional.of("its pod " + name + " is being deleted" + reason(pod));
        }
        return switch (phase(pod)) {
            case "Failed" -> Optional.of("its pod " + name + " failed: " + describe(pod));
            case "Succeeded" ->
                Optional.of("its pod " + name + " ended before its report was collected: " + describe(pod));
            default -> Optional.empty();
        };
    }

    /** The phase, then what the pod's status says beyond it: reason, conditions not met, containers' states. */
    static String describe(Pod pod) {
        List<String> parts = new ArrayList<>();
        parts.add(phase(pod) + reason(pod));
        condition(pod, "PodScheduled")
                .filter(c -> "False".equals(c.getStatus()))
                .ifPresent(c -> parts.add("not scheduled: " + text(c.getReason(), c.getMessage())));
        PodStatus status = pod.getStatus();
        if (status != null && status.getContainerStatuses() != null) {
            for (ContainerStatus c : status.getContainerStatuses()) {
                if (c.getState() == null) {
                    continue;
                }
                ContainerStateWaiting waiting = c.getState().getWaiting();
                ContainerStateTerminated done = c.getState().getTerminated();
                if (done != null) {
                    parts.add("container " + c.getName() + " terminated: " + text(done.getReason(), done.getMessage())
                            + ", exit code " + done.getExitCode());
                } else if (waiting != null) {
                    parts.add("container " + c.getName() + " waiting: "
                            + text(waiting.getReason(), waiting.getMessage()));
                } else if (c.getState().getRunning() != null && !Boolean.TRUE.equals(c.getReady())) {
                    parts.add("container " + c.getName() + " running, not ready (its readiness probe GET /clock"
                            + " did not answer yet)");
                }
            }
        }
        return String.join(", ", parts);
    }

    private static String reason(Pod pod) {
        PodStatus status = pod.getStatus();
        if (status == null || (status.getReason() == null && status.getMessage() == null)) {
            return "";
        }
        return " (" + text(status.getReason(), status.getMessage()) + ")";
    }

    private static String text(String reason, String message) {
        if (reason == null || reason.isBlank()) {
            return message == null || message.isBlank() ? "no reason given" : message;
        }
        return message == null || message.isBlank() ? reason : reason + ": " + message;
    }

    private static Optional<PodCondition> condition(Pod pod, String type) {
        PodStatus status = pod.getStatus();
        if (status == null || status.getConditions() == null) {
            return Optional.empty();
        }
        return status.getConditions().stream()
                .filter(c -> type.equals(c.getType()))
                .findFirst();
    }
}
