package dev.infraperf.load;

import dev.infraperf.config.ConfigurationException;
import dev.infraperf.config.DurationParser;
import dev.infraperf.config.PerfConfig;
import dev.infraperf.reports.model.LoadModel;
import java.lang.reflect.Constructor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns {@link LoadPhase} annotations into validated {@link PhasePlan}s with their thresholds. Every error names the
 * annotation, the attribute, the value found and what is accepted, and is raised before any load starts.
 */
final class PhaseAnnotations {

    /** A phase ready to run and how to judge it. */
    record Setup(PhasePlan plan, ThresholdSpec thresholds) {}

    private PhaseAnnotations() {}

    static List<Setup> parse(List<LoadPhase> phases, Thresholds classThresholds, PerfConfig config) {
        ThresholdSpec classSpec =
                classThresholds == null ? ThresholdSpec.DEFAULT : ThresholdSpec.parse(classThresholds, "@Thresholds");
        PhasePlan.ClientKind client = client(config);
        double timeScale = config.timeScale();
        List<Setup> setups = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < phases.size(); i++) {
            LoadPhase a = phases.get(i);
            String name = a.name().isBlank() ? "phase-" + (i + 1) : a.name();
            String subject = a.name().isBlank() ? "@LoadPhase #" + (i + 1) : "@LoadPhase(name=\"" + name + "\")";
            if (!names.add(name)) {
                throw new ConfigurationException(
                        subject + " appears twice on the same test; use a unique name for every phase");
            }
            setups.add(new Setup(plan(a, name, subject, config, client, timeScale), thresholds(a, subject, classSpec)));
        }
        return setups;
    }

    private static PhasePlan plan(
            LoadPhase a, String name, String subject, PerfConfig config, PhasePlan.ClientKind client, double scale) {
        boolean hasUsers = a.users() != 0;
        boolean hasRate = a.rate() != 0;
        if (hasUsers && hasRate) {
            throw new ConfigurationException(subject + " sets both users = " + a.users() + " and rate = " + a.rate()
                    + "; use users for a closed model or rate for an open model, not both");
        }
        if (!hasUsers && !hasRate) {
            throw new ConfigurationException(subject + " sets neither users nor rate; use users = <n> for a closed"
                    + " model or rate = <tasks per second> for an open model");
        }
        if (hasUsers && a.users() < 1) {
            throw invalid(
                    a.users(),
                    subject,
                    "users",
                    "a number of users >= 1 (closed model), or rate = <tasks per second> instead (open model)");
        }
        if (hasRate && !(a.rate() > 0 && Double.isFinite(a.rate()))) {
            throw invalid(a.rate(), subject, "rate", "tasks started per second > 0, e.g. rate = 100");
        }
        if (!(a.spawnRate() > 0 && Double.isFinite(a.spawnRate()))) {
            throw invalid(a.spawnRate(), subject, "spawnRate", "users started per second > 0, e.g. spawnRate = 5");
        }
        if (a.rampTo() != -1) {
            if (!hasRate) {
                throw invalid(a.rampTo(), subject, "rampTo", "rampTo only with rate (open model); remove it");
            }
            if (!(a.rampTo() > 0 && Double.isFinite(a.rampTo()))) {
                throw invalid(a.rampTo(), subject, "rampTo", "tasks per second > 0 at the end of the phase");
            }
        }
        if (a.maxInFlight() < 1) {
            throw invalid(a.maxInFlight(), subject, "maxInFlight", "a number >= 1");
        }
        Duration duration = DurationParser.parse(a.duration(), subject + ".duration");
        if (duration.isZero() || duration.isNegative()) {
            throw invalid(a.duration(), subject, "duration", "a duration > 0, e.g. 30s or 5m");
        }
        Duration timeout = DurationParser.parse(a.requestTimeout(), subject + ".requestTimeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw invalid(a.requestTimeout(), subject, "requestTimeout", "a duration > 0, e.g. 60s");
        }
        try {
            Behaviour.of(a.user());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(
                    "[" + a.user().getName() + "] is not valid for " + subject + ".user: " + e.getMessage());
        }
        List<PhaseHook> hooks = new ArrayList<>();
        for (Class<? extends PhaseHook> type : a.hooks()) {
            hooks.add(instantiate(type, subject));
        }
        Duration scaled = config.scale(duration);
        if (a.connections() < 0) {
            throw invalid(a.connections(), subject, "connections", "a pool size >= 1, or 0 for the default");
        }
        int connections = a.connections() > 0 ? a.connections() : connections(config);
        return hasUsers
                ? new PhasePlan(
                        name,
                        LoadModel.CLOSED,
                        a.users(),
                        a.spawnRate() / scale,
                        0,
                        0,
                        scaled,
                        a.user(),
                        hooks,
                        timeout,
                        0,
                        client,
                        scale,
                        connections)
                : new PhasePlan(
                        name,
                        LoadModel.OPEN,
                        0,
                        0,
                        a.rate(),
                        a.rampTo() == -1 ? a.rate() : a.rampTo(),
                        scaled,
                        a.user(),
                        hooks,
                        timeout,
                        a.maxInFlight(),
                        client,
                        scale,
                        connections);
    }

    /** {@value LoadPhase#CONNECTIONS_KEY}, 0 when not set. */
    static int connections(PerfConfig config) {
        String value = config.get(LoadPhase.CONNECTIONS_KEY).orElse("").trim();
        if (value.isEmpty()) {
            return 0;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new ConfigurationException("[" + value + "] is not valid for " + LoadPhase.CONNECTIONS_KEY
                + "; use a pool size >= 1 (connections to the target shared by the users)");
    }

    private static ThresholdSpec thresholds(LoadPhase a, String subject, ThresholdSpec classSpec) {
        if (a.thresholds().length > 1) {
            throw invalid(
                    a.thresholds().length + " entries", subject, "thresholds", "at most one @Thresholds per phase");
        }
        return a.thresholds().length == 1 ? ThresholdSpec.parse(a.thresholds()[0], subject + ".thresholds") : classSpec;
    }

    private static PhaseHook instantiate(Class<? extends PhaseHook> type, String subject) {
        try {
            Constructor<? extends PhaseHook> c = type.getDeclaredConstructor();
            c.setAccessible(true);
            return c.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new ConfigurationException("[" + type.getName() + "] is not valid for " + subject
                    + ".hooks: it needs a constructor without parameters (" + e + ")");
        }
    }

    private static PhasePlan.ClientKind client(PerfConfig config) {
        String value = config.get(LoadPhase.CLIENT_KEY).orElse("socket").trim().toLowerCase(Locale.ROOT);
        switch (value) {
            case "socket":
                return PhasePlan.ClientKind.SOCKET;
            case "jdk":
                return PhasePlan.ClientKind.JDK;
            default:
                throw new ConfigurationException(
                        "[" + value + "] is not valid for " + LoadPhase.CLIENT_KEY + "; use socket or jdk");
        }
    }

    private static ConfigurationException invalid(Object value, String subject, String attribute, String accepted) {
        return new ConfigurationException(
                "[" + value + "] is not valid for " + subject + "." + attribute + "; use " + accepted);
    }
}
