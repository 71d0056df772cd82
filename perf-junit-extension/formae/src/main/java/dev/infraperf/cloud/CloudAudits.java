package dev.infraperf.cloud;

import dev.infraperf.config.PerfConfig;
import dev.infraperf.parts.Docker;
import dev.infraperf.parts.PartCandidate.Attempt;
import dev.infraperf.parts.PartResolver;
import dev.infraperf.parts.ResolvedPart;
import java.net.URI;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Resolves the cloud a run is audited against, in the order of the design: an explicit AWS endpoint
 * ({@code perf.aws.endpoint} / {@code AWS_ENDPOINT_URL}), LocalStack in Docker, then the simulated
 * cloud of an embedded mock-formae.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class CloudAudits {

    /** The LocalStack image: a 4.x tag from before LocalStack required an auth token. */
    public static final String LOCALSTACK_IMAGE = "localstack/localstack:4.4.0";

    /** Region key: {@code perf.aws.region} (environment {@code PERF_AWS_REGION}); default {@code us-east-1}. */
    public static final String AWS_REGION = "perf.aws.region";

    private CloudAudits() {}

    /**
     * The cloud for a run whose agent works against {@code simulatedCloud} (mock-formae) or, when
     * empty, against AWS (a real agent).
     */
    public static ResolvedPart<CloudAudit> resolve(PerfConfig config, Optional<URI> simulatedCloud) {
        if (simulatedCloud.isPresent()) {
            // The agent's resources live in its simulated cloud whatever AWS endpoint is configured.
            URI uri = simulatedCloud.get();
            return PartResolver.<CloudAudit>of("Cloud")
                    .candidate(() -> Attempt.found(
                            new SimulatedCloudAudit(uri),
                            "mock-formae simulated cloud at " + uri + " (the agent's own)"))
                    .resolve();
        }
        return aws(config);
    }

    /**
     * As {@link #resolve(PerfConfig, Optional)}, for an environment of {@code types}: when every type is one of
     * Formae's in-memory {@code FakeAWS} test plugin and the agent has no simulated cloud, there is no cloud to
     * audit (the plugin's resources live in the agent), whatever AWS endpoint is configured.
     */
    public static ResolvedPart<CloudAudit> resolve(
            PerfConfig config, Optional<URI> simulatedCloud, java.util.Collection<String> types) {
        if (simulatedCloud.isEmpty() && !types.isEmpty() && types.stream().allMatch(t -> t.startsWith("FakeAWS::"))) {
            return PartResolver.<CloudAudit>of("Cloud")
                    .candidate(() -> Attempt.found(
                            new AgentInternalCloud("FakeAWS keeps its resources in the agent's memory"),
                            "none: the environment is FakeAWS, whose resources live inside the agent"))
                    .resolve();
        }
        return resolve(config, simulatedCloud);
    }

    /** An AWS API: explicit endpoint, else LocalStack when Docker is present; skipped otherwise. */
    public static ResolvedPart<CloudAudit> aws(PerfConfig config) {
        String region = config.get(AWS_REGION)
                .or(() -> Optional.ofNullable(System.getenv("AWS_REGION")))
                .orElse("us-east-1");
        return PartResolver.<CloudAudit>of("AWS API")
                .candidate(() -> config.get(PerfConfig.AWS_ENDPOINT)
                        .map(url -> {
                            AwsCloudAudit audit = new AwsCloudAudit(Optional.of(URI.create(url)), region);
                            return Attempt.<CloudAudit>found(
                                    audit, "AWS SDK v2 against " + url + " (perf.aws.endpoint), " + region, audit);
                        })
                        .orElseGet(() -> Attempt.absent("no perf.aws.endpoint / AWS_ENDPOINT_URL")))
                .candidate(() -> Docker.isAvailable()
                        ? LocalStack.start(region)
                        : Attempt.absent("no Docker for LocalStack " + LOCALSTACK_IMAGE))
                .resolve();
    }
}
