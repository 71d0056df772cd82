package dev.infraperf.report;

import java.util.Map;
import org.apiguardian.api.API;
import org.junit.jupiter.api.function.ThrowingSupplier;

/**
 * Where a {@link RunReport}'s steps, attachments and labels go besides the run directory: a test report such as
 * Allure's. Found through {@link java.util.ServiceLoader} ({@link Factory}); without one on the classpath steps just
 * run and attachments stay in the run directory. {@code dev.infraperf:infra-perf-allure} provides Allure's.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public interface StepSink {

    /** Runs {@code body} as a step; its exception (any type) propagates unchanged. */
    <T> T step(String name, ThrowingSupplier<T> body);

    void attach(String name, String mimeType, String extension, byte[] content);

    void attachText(String name, String mimeType, String extension, String text);

    void label(String name, String value);

    void link(String name, String type, String url);

    /** Records the run's environment (Allure's Environment widget): {@code part.Redis -> redis-server 7.0 ...}. */
    void environment(Map<String, String> values);

    /** Closes what the sink opened for the class, marking it failed when a report step failed. */
    void close(boolean stepFailed);

    /** Creates one sink per test class. */
    interface Factory {
        StepSink create(String className, String displayName);
    }

    /** Steps run, everything else is dropped: the run directory has it all. */
    StepSink NONE = new StepSink() {
        @Override
        public <T> T step(String name, ThrowingSupplier<T> body) {
            try {
                return body.get();
            } catch (Throwable t) {
                throw Sneaky.<RuntimeException>rethrow(t);
            }
        }

        @Override
        public void attach(String name, String mimeType, String extension, byte[] content) {}

        @Override
        public void attachText(String name, String mimeType, String extension, String text) {}

        @Override
        public void label(String name, String value) {}

        @Override
        public void link(String name, String type, String url) {}

        @Override
        public void environment(Map<String, String> values) {}

        @Override
        public void close(boolean stepFailed) {}
    };

    /** Rethrows checked exceptions unchanged. */
    final class Sneaky {
        private Sneaky() {}

        @SuppressWarnings("unchecked")
        static <E extends Throwable> E rethrow(Throwable t) throws E {
            throw (E) t;
        }
    }
}
