package dev.infraperf.environment;

import dev.infraperf.config.ConfigurationException;
import dev.infraperf.config.PerfConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.AnnotatedElement;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The environment of a test, for extensions that build on {@link ResourceCount} (a Formae cycle, a
 * quota pre-flight...). It is generated once per scope and cached in the {@link ExtensionContext}
 * store, so every extension and the test's {@link GeneratedEnvironment} parameter see the same one.
 *
 * <pre>{@code
 * GeneratedEnvironment environment = GeneratedEnvironments.forContext(context);
 * }</pre>
 *
 * <p>Only {@code @ResourceCount} registers a resolver for {@link GeneratedEnvironment} parameters:
 * an extension that builds on it calls this class instead of resolving the parameter itself, so
 * that JUnit never sees two competing resolvers.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class GeneratedEnvironments {

    private static final Namespace NAMESPACE = Namespace.create(GeneratedEnvironments.class);
    private static final String KEY = "environment";

    private GeneratedEnvironments() {}

    /**
     * The environment for {@code context}, generated on first use: the count of the {@link
     * ResourceCount} on the test method or else its class (enclosing classes included), scaled by
     * {@code perf.resourceScale}; the region of {@link Region}.
     *
     * @throws ConfigurationException if no {@code @ResourceCount} applies, or for a bad count or
     *     region
     * @throws EnvironmentEvaluationException if the generated Pkl does not evaluate
     */
    public static GeneratedEnvironment forContext(ExtensionContext context) {
        return forContext(context, 0);
    }

    /**
     * As {@link #forContext(ExtensionContext)}, with {@code defaultCount} resources when no {@code
     * @ResourceCount} applies (for an annotation that implies an environment of its own default size).
     */
    public static GeneratedEnvironment forContext(ExtensionContext context, int defaultCount) {
        return holder(context, defaultCount).environment();
    }

    /** Marks the environment of {@code context}'s scope as belonging to a failed test: it is kept. */
    static void markFailed(ExtensionContext context) {
        Holder holder = context.getStore(NAMESPACE).get(KEY, Holder.class);
        if (holder != null) {
            holder.failed = true;
        }
    }

    private static Holder holder(ExtensionContext context, int defaultCount) {
        ExtensionContext scope = scope(context);
        return scope.getStore(NAMESPACE)
                .getOrComputeIfAbsent(KEY, key -> generate(scope, describe(context), defaultCount), Holder.class);
    }

    /** The method's context if the method configures its own environment, else the class's. */
    private static ExtensionContext scope(ExtensionContext context) {
        Optional<java.lang.reflect.Method> method = context.getTestMethod();
        if (method.isPresent()
                && (AnnotationSupport.isAnnotated(method.get(), ResourceCount.class)
                        || AnnotationSupport.isAnnotated(method.get(), Region.class))) {
            return context;
        }
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent()
                && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        // The innermost class that carries the annotation owns the shared environment.
        for (ExtensionContext c = classContext; c != null; c = c.getParent().orElse(null)) {
            if (c.getTestClass().isPresent()
                    && AnnotationSupport.isAnnotated(c.getTestClass().get(), ResourceCount.class)) {
                return c;
            }
        }
        return classContext;
    }

    /** {@code Class.method} or {@code Class}, for messages. */
    private static String describe(ExtensionContext context) {
        return context.getTestMethod()
                .map(m -> m.getDeclaringClass().getSimpleName() + "." + m.getName())
                .orElse(context.getTestClass().map(Class::getSimpleName).orElse(context.getDisplayName()));
    }

    private static Holder generate(ExtensionContext scope, String where, int defaultCount) {
        Optional<ResourceCount> count = find(scope, ResourceCount.class);
        if (count.isEmpty() && defaultCount < 1) {
            throw new ConfigurationException("No @ResourceCount on " + where
                    + ": add @ResourceCount(<number of resources>) to the test method or class");
        }
        int annotated = count.map(ResourceCount::value).orElse(defaultCount);
        if (annotated < 1) {
            throw new ConfigurationException("@ResourceCount(" + annotated + ") on " + where + ": [" + annotated
                    + "] is not a resource count; use a whole number >= 1");
        }
        String region = find(scope, Region.class).map(Region::value).orElse(Region.DEFAULT);
        SupportedRegions.check(region, "@Region on " + where);
        PerfConfig config = PerfConfig.fromJUnit(scope);
        int scaled = config.scaleCount(annotated);
        EnvironmentGenerator generator = EnvironmentGenerator.of(scaled, region);
        Path base = Path.of(config.get(ResourceCount.DIRECTORY_KEY, ResourceCount.DEFAULT_DIRECTORY));
        String testClass =
                scope.getTestClass().map(GeneratedEnvironments::className).orElse("tests");
        String name =
                scope.getTestMethod().map(java.lang.reflect.Method::getName).orElse("class");
        Path directory =
                base.resolve(testClass).resolve(name + "-" + generator.envId()).toAbsolutePath();
        boolean keep = config.getBoolean(ResourceCount.KEEP_KEY, false);
        return new Holder(scope, generator.writeTo(directory), keep);
    }

    private static String className(Class<?> testClass) {
        String name = testClass.getName();
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /** The annotation on the scope's method, else on its class or an enclosing class. */
    private static <A extends java.lang.annotation.Annotation> Optional<A> find(
            ExtensionContext scope, Class<A> annotation) {
        if (scope.getTestMethod().isPresent()) {
            Optional<A> onMethod =
                    AnnotationSupport.findAnnotation(scope.getTestMethod().get(), annotation);
            if (onMethod.isPresent()) {
                return onMethod;
            }
        }
        for (ExtensionContext c = scope; c != null; c = c.getParent().orElse(null)) {
            Optional<AnnotatedElement> element = c.getTestClass().map(AnnotatedElement.class::cast);
            if (element.isPresent()) {
                Optional<A> onClass = AnnotationSupport.findAnnotation(element.get(), annotation);
                if (onClass.isPresent()) {
                    return onClass;
                }
            }
        }
        return Optional.empty();
    }

    /** Deletes the project when its scope ends, unless a test in it failed or keeping is configured. */
    private static final class Holder implements AutoCloseable {
        private final ExtensionContext scope;
        private final GeneratedEnvironment environment;
        private final boolean keep;
        private volatile boolean failed;

        Holder(ExtensionContext scope, GeneratedEnvironment environment, boolean keep) {
            this.scope = scope;
            this.environment = environment;
            this.keep = keep;
        }

        GeneratedEnvironment environment() {
            return environment;
        }

        @Override
        public void close() {
            if (keep || failed || scope.getExecutionException().isPresent()) {
                return;
            }
            deleteRecursively(environment.directory());
        }
    }

    static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the generated environment " + directory, e);
        }
    }
}
