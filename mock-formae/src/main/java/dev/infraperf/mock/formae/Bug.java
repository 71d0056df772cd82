package dev.infraperf.mock.formae;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The switches that bring back one documented Formae bug each (reference section 5), by the mechanism
 * the original code had. All are off by default.
 */
enum Bug {
    PERSIST_TIMEOUT(
            "persist-timeout",
            "bug 1: storing a command runs behind a 5 s call timeout while its cost grows with its size;"
                    + " the client gets a 500 though the command stays stored NotStarted, never started"),
    RESUME_INPROGRESS_ONLY(
            "resume-inprogress-only",
            "bug 2: on restart only InProgress commands are resumed, NotStarted ones never run"),
    RESET_STATES_ON_RESTART(
            "reset-states-on-restart",
            "bug 4: on restart every update of an incomplete command is reset to NotStarted and run again"),
    DELETE_ORDER(
            "delete-order",
            "bug 5: delete edges are read from the stored (already resolved) properties, so a hosted zone"
                    + " may be deleted before its record sets (HostedZoneNotEmpty)"),
    SYNC_EXCLUSIONS_LEAK(
            "sync-exclusions-leak",
            "bug 6: a resource is removed from the synchronizer's exclusions only when its update finishes"
                    + " while processing, so updates finished while canceling are never synced again"),
    ORPHAN_ON_CANCEL(
            "orphan-on-cancel",
            "bug 7: cancel abandons updates in flight; creates the cloud still completes are never"
                    + " recorded, so destroy cannot see them"),
    NO_RESUME_WHILE_CANCELING(
            "no-resume-while-canceling",
            "bug 8: the rate-limit Resume arriving while canceling kills the changeset executor;"
                    + " results of updates in flight are lost"),
    NO_CANCELING_STATE(
            "no-canceling-state", "enhancement off: a command being canceled reads InProgress until Canceled");

    final String switchName;
    final String summary;

    Bug(String switchName, String summary) {
        this.switchName = switchName;
        this.summary = summary;
    }

    static Bug fromSwitch(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (Bug bug : values()) {
            if (bug.switchName.equals(wanted)) {
                return bug;
            }
        }
        throw new IllegalArgumentException("[" + name + "] is not a bug switch; use one of " + switchNames());
    }

    static Set<Bug> fromSwitches(Iterable<String> names) {
        EnumSet<Bug> bugs = EnumSet.noneOf(Bug.class);
        for (String name : names) {
            bugs.add(fromSwitch(name));
        }
        return bugs;
    }

    static String switchNames() {
        return Arrays.stream(values()).map(b -> b.switchName).collect(Collectors.joining(", "));
    }
}
