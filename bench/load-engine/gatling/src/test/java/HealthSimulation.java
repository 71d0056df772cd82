import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.during;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;

/**
 * bench.users virtual users, each looping GET /health on its own keep-alive connection for bench.seconds, after a
 * warm-up of bench.warmup seconds (default 5, as long as the engine's two warm-up phases) by as many users, whose
 * requests are named "warm-up" so that the bench counts only the measured scenario's "health" requests.
 */
public class HealthSimulation extends Simulation {

    private final String url = System.getProperty("bench.url", "http://127.0.0.1:8081");
    private final int users = Integer.getInteger("bench.users", 32);
    private final int seconds = Integer.getInteger("bench.seconds", 10);
    private final int warmUpSeconds = Integer.getInteger("bench.warmup", 5);

    private final HttpProtocolBuilder protocol = http.baseUrl(url);
    private final ScenarioBuilder warmUp = scenario("warm-up")
            .exec(during(Duration.ofSeconds(warmUpSeconds)).on(http("warm-up").get("/health")));
    private final ScenarioBuilder health = scenario("health")
            .exec(during(Duration.ofSeconds(seconds)).on(http("health").get("/health")));

    {
        setUp(warmUp.injectOpen(atOnceUsers(users)).andThen(health.injectOpen(atOnceUsers(users))))
                .protocols(protocol)
                .maxDuration(Duration.ofSeconds(warmUpSeconds + seconds + 5L));
    }
}
