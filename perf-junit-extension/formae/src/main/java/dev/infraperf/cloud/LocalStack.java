package dev.infraperf.cloud;

import dev.infraperf.parts.PartCandidate.Attempt;
import java.net.URI;
import java.util.Optional;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/** LocalStack in Docker through Testcontainers, pinned to a tag that needs no auth token. */
final class LocalStack {

    private LocalStack() {}

    static Attempt<CloudAudit> start(String region) {
        LocalStackContainer container = new LocalStackContainer(DockerImageName.parse(CloudAudits.LOCALSTACK_IMAGE));
        container.start();
        URI endpoint = container.getEndpoint();
        AwsCloudAudit audit = new AwsCloudAudit(Optional.of(endpoint), region);
        return Attempt.found(
                audit,
                "Testcontainers " + CloudAudits.LOCALSTACK_IMAGE + " at " + endpoint + " (no perf.aws.endpoint)",
                () -> {
                    try {
                        audit.close();
                    } finally {
                        container.stop();
                    }
                });
    }
}
