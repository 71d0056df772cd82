package dev.infraperf.parts;

import org.testcontainers.DockerClientFactory;

/** Whether a Docker engine answers, asked once per JVM (Testcontainers' own probe). */
public final class Docker {

    private static volatile Boolean available;

    private Docker() {}

    /** True when Testcontainers can reach a Docker engine; a client binary alone does not count. */
    public static boolean isAvailable() {
        Boolean known = available;
        if (known == null) {
            synchronized (Docker.class) {
                known = available;
                if (known == null) {
                    known = probe();
                    available = known;
                }
            }
        }
        return known;
    }

    private static boolean probe() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
