package dev.infraperf.environment;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * A generated test environment: a Pkl project for Formae and, unless the published Formae schema was
 * chosen, its evaluated Forma JSON.
 *
 * @param directory the Pkl project ({@code main.pkl}, {@code PklProject}, one module per area)
 * @param envId {@code perf-<8 hex>}; every label and name is {@code <envId>-<kind>-<i>}
 * @param stack the Formae stack label, {@code perf-test-<envId>}
 * @param region the AWS region
 * @param requestedCount the number of resources asked for (after {@code perf.resourceScale})
 * @param countsPerType CloudFormation type ({@code AWS::EC2::VPC}) to count, in generation order
 * @param formaJson {@code forma.json} beside the project; {@code null} when not evaluated ({@link
 *     SchemaSource#FORMAE})
 * @param total the number of resources generated, within 5% of {@code requestedCount} from 100 on
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record GeneratedEnvironment(
        Path directory,
        String envId,
        String stack,
        String region,
        int requestedCount,
        Map<String, Integer> countsPerType,
        Path formaJson,
        int total) {

    public GeneratedEnvironment {
        countsPerType = Collections.unmodifiableMap(new LinkedHashMap<>(countsPerType));
    }

    /** {@code main.pkl}, the file to give {@code formae apply}. */
    public Path mainPkl() {
        return directory.resolve("main.pkl");
    }

    /** How many resources of a CloudFormation type the environment holds (0 if none). */
    public int count(String cloudFormationType) {
        return countsPerType.getOrDefault(cloudFormationType, 0);
    }
}
