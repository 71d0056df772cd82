package dev.infraperf.parts;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Resolves an external part from an ordered list of candidates: explicit configuration first, then
 * Docker (Testcontainers), then an embedded default. The result carries a one-line reason that
 * reports show; when no candidate applies, {@link #resolve()} throws a
 * {@link PartUnavailableException} so the test is skipped with every candidate's reason.
 *
 * <pre>{@code
 * ResolvedPart<URI> redis = PartResolver.<URI>of("Redis")
 *         .candidate(() -> fromConfig(config))
 *         .candidate(() -> fromDocker())
 *         .candidate(() -> fromPath())
 *         .resolve();
 * }</pre>
 *
 * Immutable: {@link #candidate} returns a new resolver.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class PartResolver<T> {

    private final String part;
    private final List<PartCandidate<T>> candidates;

    private PartResolver(String part, List<PartCandidate<T>> candidates) {
        this.part = Objects.requireNonNull(part, "part");
        this.candidates = List.copyOf(candidates);
    }

    /** A resolver for the part named {@code part} ({@code Redis}, {@code AWS API}, ...), with no candidates yet. */
    public static <T> PartResolver<T> of(String part) {
        return new PartResolver<>(part, List.of());
    }

    /** This resolver with {@code candidate} tried after the ones already added. */
    public PartResolver<T> candidate(PartCandidate<T> candidate) {
        List<PartCandidate<T>> more = new ArrayList<>(candidates);
        more.add(Objects.requireNonNull(candidate, "candidate"));
        return new PartResolver<>(part, more);
    }

    /**
     * Tries the candidates in order and returns the first part found.
     *
     * @throws PartUnavailableException when no candidate applies, naming why each did not
     * @throws PartFailedException when a candidate applied but failed to provide the part
     */
    public ResolvedPart<T> resolve() {
        List<String> absences = new ArrayList<>();
        for (PartCandidate<T> candidate : candidates) {
            PartCandidate.Attempt<T> attempt;
            try {
                attempt = candidate.attempt();
            } catch (Exception e) {
                throw new PartFailedException(part + ": " + e.getMessage() + reasonSuffix(absences), e);
            }
            if (attempt.isFound()) {
                String reason = part + ": " + attempt.description() + reasonSuffix(absences);
                return new ResolvedPart<>(part, attempt.value(), reason, attempt.onClose());
            }
            absences.add(attempt.description());
        }
        PartUnavailableException unavailable =
                new PartUnavailableException(part + ": none available (" + String.join("; ", absences) + ")");
        // Build tools show a skipped test's reason only in their reports; the console gets it too.
        System.err.println("[infra-perf] skipped: " + unavailable.getMessage());
        throw unavailable;
    }

    private static String reasonSuffix(List<String> absences) {
        return absences.isEmpty() ? "" : " (" + String.join(", ", absences) + ")";
    }
}
