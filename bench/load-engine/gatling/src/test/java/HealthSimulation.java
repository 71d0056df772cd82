import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.forever;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;

/** bench.users virtual users, each looping GET /health on its own keep-alive connection for bench.seconds. */
public class HealthSimulation extends Simulation {

    private final String url = System.getProperty("bench.url", "http://127.0.0.1:8081");
    private final int users = Integer.getInteger("bench.users", 32);
    private final int seconds = Integer.getInteger("bench.seconds", 10);

    private final HttpProtocolBuilder protocol = http.baseUrl(url);
    private final ScenarioBuilder health =
            scenario("health").exec(forever().on(http("health").get("/health")));

    {
        setUp(health.injectOpen(atOnceUsers(users)))
                .protocols(protocol)
                .maxDuration(Duration.ofSeconds(seconds));
    }
}
