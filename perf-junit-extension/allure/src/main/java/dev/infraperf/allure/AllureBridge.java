package dev.infraperf.allure;

import dev.infraperf.report.StepSink;
import dev.infraperf.reports.SecretMask;
import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.model.Label;
import io.qameta.allure.model.Link;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.StatusDetails;
import io.qameta.allure.model.StepResult;
import io.qameta.allure.model.TestResult;
import io.qameta.allure.util.ResultsUtils;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.function.ThrowingSupplier;

/**
 * Talks to the Allure lifecycle. Inside a running test the steps, attachments and labels go to that
 * test; outside one (class-level callbacks such as {@code afterAll}, where Allure has no test case)
 * they go to a "run report" test case of the class that is opened on first use and written when the
 * class finishes, so nothing a cycle records is lost.
 */
final class AllureBridge implements StepSink {
    private final String className;
    private final String displayName;
    private String fallbackUuid;
    private final List<Label> fallbackLabels = new ArrayList<>();

    AllureBridge(String className, String displayName) {
        this.className = className;
        this.displayName = displayName;
    }

    private static AllureLifecycle lifecycle() {
        return Allure.getLifecycle();
    }

    /** Whether a test case or step of this thread is current. */
    private static boolean inTest() {
        return lifecycle().getCurrentTestCaseOrStep().isPresent();
    }

    /** Makes sure something is current: the running test, or the class's run-report test case. */
    private synchronized void ensureContext() {
        if (inTest()) {
            return;
        }
        if (fallbackUuid == null) {
            fallbackUuid = UUID.randomUUID().toString();
            List<Label> labels = new ArrayList<>(fallbackLabels);
            labels.add(ResultsUtils.createSuiteLabel(className));
            labels.add(ResultsUtils.createTestClassLabel(className));
            labels.add(ResultsUtils.createFrameworkLabel("infra-perf"));
            labels.add(ResultsUtils.createLanguageLabel("java"));
            labels.add(ResultsUtils.createHostLabel());
            TestResult result = new TestResult()
                    .setUuid(fallbackUuid)
                    .setName(displayName + " - run report")
                    .setFullName(className + ".runReport")
                    .setHistoryId(Integer.toHexString((className + ".runReport").hashCode()))
                    .setTestCaseId(Integer.toHexString((className + ".runReport").hashCode()))
                    .setLabels(labels);
            lifecycle().scheduleTestCase(result);
            lifecycle().startTestCase(fallbackUuid);
        } else {
            // Another thread or a later callback: make the fallback current for this thread again.
            lifecycle().setCurrentTestCase(fallbackUuid);
        }
    }

    /** Runs {@code body} as an Allure step; its exception (any type) propagates unchanged. */
    @Override
    public <T> T step(String name, ThrowingSupplier<T> body) {
        ensureContext();
        String uuid = UUID.randomUUID().toString();
        lifecycle().startStep(uuid, new StepResult().setName(SecretMask.mask(name)));
        try {
            T value = body.get();
            lifecycle().updateStep(uuid, s -> s.setStatus(Status.PASSED));
            return value;
        } catch (Throwable t) {
            Optional<Status> status = ResultsUtils.getStatus(t);
            Optional<StatusDetails> details = ResultsUtils.getStatusDetails(t);
            lifecycle().updateStep(uuid, s -> s.setStatus(status.orElse(Status.BROKEN))
                    .setStatusDetails(details.map(d -> d.setMessage(SecretMask.mask(d.getMessage())))
                            .orElse(null)));
            throw AllureBridge.<RuntimeException>sneaky(t);
        } finally {
            lifecycle().stopStep(uuid);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }

    @Override
    public void attach(String name, String mimeType, String extension, byte[] content) {
        ensureContext();
        lifecycle().addAttachment(name, mimeType, extension, content);
    }

    @Override
    public void attachText(String name, String mimeType, String extension, String text) {
        attach(name, mimeType, extension, SecretMask.mask(text).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void label(String name, String value) {
        // The class's run-report test case, if one is opened later, carries the same labels.
        fallbackLabels.removeIf(l -> l.getName().equals(name));
        fallbackLabels.add(new Label().setName(name).setValue(value));
        if (inTest()) {
            lifecycle().updateTestCase(r -> r.getLabels()
                    .add(new Label().setName(name).setValue(value)));
        } else if (fallbackUuid != null) {
            lifecycle().updateTestCase(fallbackUuid, r -> {
                r.getLabels().removeIf(l -> l.getName().equals(name));
                r.getLabels().add(new Label().setName(name).setValue(value));
            });
        }
    }

    @Override
    public void link(String name, String type, String url) {
        Link link = new Link().setName(name).setType(type).setUrl(url);
        ensureContext();
        Optional<String> current = lifecycle().getCurrentTestCase();
        current.ifPresent(
                uuid -> lifecycle().updateTestCase(uuid, r -> r.getLinks().add(link)));
    }

    @Override
    public void environment(Map<String, String> values) {
        EnvironmentProperties.merge(EnvironmentProperties.resultsDirectory(), values);
    }

    @Override
    public void close(boolean stepFailed) {
        close(stepFailed ? Status.BROKEN : Status.PASSED, stepFailed ? "a report step failed" : "");
    }

    /** Marks the fallback test case (if any) with the worst outcome seen and writes it. */
    synchronized void close(Status status, String message) {
        if (fallbackUuid == null) {
            return;
        }
        String uuid = fallbackUuid;
        fallbackUuid = null;
        lifecycle().updateTestCase(uuid, r -> {
            r.setStatus(status);
            if (message != null && !message.isEmpty()) {
                r.setStatusDetails(new StatusDetails().setMessage(SecretMask.mask(message)));
            }
        });
        lifecycle().stopTestCase(uuid);
        lifecycle().writeTestCase(uuid);
    }

    /** Registered in {@code META-INF/services}: one bridge per test class. */
    public static final class Factory implements StepSink.Factory {
        @Override
        public StepSink create(String className, String displayName) {
            return new AllureBridge(className, displayName);
        }
    }
}
