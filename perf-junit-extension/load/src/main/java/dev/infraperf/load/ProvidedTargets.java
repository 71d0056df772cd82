package dev.infraperf.load;

import java.util.Optional;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Where a product extension (such as {@code @TerraFix}'s) puts the target it resolved for a test class, so that the
 * class's {@link LoadPhase}s run against it when no {@link LoadTarget} or {@value LoadTarget#URL_KEY} names another.
 * What is provided is closed with the class's extension context.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class ProvidedTargets {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(ProvidedTargets.class);

    private ProvidedTargets() {}

    /** Provides {@code target} to the phases of the class of {@code context}; {@code resources} closed afterwards. */
    public static void provide(ExtensionContext context, ResolvedTarget target, AutoCloseable resources) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        store.put(ResolvedTarget.class, target);
        store.put(AutoCloseable.class, resources);
    }

    /** Whether a target was provided for {@code context}'s class already. */
    public static boolean isProvided(ExtensionContext context) {
        return find(context).isPresent();
    }

    static Optional<ResolvedTarget> find(ExtensionContext context) {
        return Optional.ofNullable(context.getStore(NAMESPACE).get(ResolvedTarget.class, ResolvedTarget.class));
    }
}
