package dev.infraperf.live;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.concurrent.atomic.AtomicInteger;
import org.apiguardian.api.API;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the live server when the outermost JUnit launcher session closes: the end of the test run. Sessions opened
 * inside it (the JUnit test kit's) do not stop it. Registered through {@link java.util.ServiceLoader}.
 */
@API(status = INTERNAL, since = "0.1")
public final class LiveSessionEnd implements LauncherSessionListener {

    private static final AtomicInteger OPEN = new AtomicInteger();

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        OPEN.incrementAndGet();
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (OPEN.decrementAndGet() <= 0) {
            OPEN.set(0);
            LiveServer.stopRunning();
        }
    }
}
