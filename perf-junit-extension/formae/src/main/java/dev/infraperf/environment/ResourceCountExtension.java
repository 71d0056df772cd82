package dev.infraperf.environment;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Registered by {@link ResourceCount}: generates the environment before each test (so that a bad
 * count or region fails the test with its own message, and generation is not timed as part of the
 * test) and resolves {@link GeneratedEnvironment} parameters.
 */
final class ResourceCountExtension
        implements BeforeEachCallback, ParameterResolver, AfterEachCallback, AfterAllCallback {

    @Override
    public void beforeEach(ExtensionContext context) {
        GeneratedEnvironments.forContext(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == GeneratedEnvironment.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return GeneratedEnvironments.forContext(extensionContext);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (context.getExecutionException().isPresent()) {
            GeneratedEnvironments.markFailed(context);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getExecutionException().isPresent()) {
            GeneratedEnvironments.markFailed(context);
        }
    }
}
