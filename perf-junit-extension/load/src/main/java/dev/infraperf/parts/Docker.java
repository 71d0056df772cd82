package dev.infraperf.parts;

import org.apiguardian.api.API;

/**
 * Whether a Docker engine answers, asked once per JVM through Testcontainers' own probe. Testcontainers is optional:
 * without it on the classpath there is no Docker for infra-perf.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class Docker {

    private static final String PROBE_CLASS = "org.testcontainers.DockerClientFactory";
    private static volatile Boolean available;

    private Docker() {}

    /** Whether Testcontainers is on the classpath. */
    public static boolean testcontainersPresent() {
        try {
            Class.forName(PROBE_CLASS, false, Docker.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** True when Testcontainers can reach a Docker engine; a client binary alone does not count. */
    public static boolean isAvailable() {
        Boolean known = available;
        if (known == null) {
            synchronized (Docker.class) {
                known = available;
                if (known == null) {
                    known = testcontainersPresent() && Probe.dockerAvailable();
                    available = known;
                }
            }
        }
        return known;
    }

    /** Only loaded when Testcontainers is present. */
    private static final class Probe {
        static boolean dockerAvailable() {
            try {
                return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException | LinkageError e) {
                return false;
            }
        }
    }
}
