package example.inventory;

import dev.infraperf.load.Task;
import dev.infraperf.load.VirtualUser;
import dev.infraperf.load.WaitTime;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** A Locust-style user: mostly looks items up, sometimes reserves one. */
public class Shopper extends VirtualUser {

    @Override
    protected WaitTime waitTime() {
        return WaitTime.between(Duration.ofMillis(5), Duration.ofMillis(20));
    }

    @Task(5)
    void lookUp() {
        http().get("/items/" + sku()).name("/items/{sku}").expectStatus(200).send();
    }

    @Task(1)
    void reserve() {
        http().post("/items/" + sku() + "/reserve").name("/items/{sku}/reserve").expectStatus(200).send();
    }

    private static String sku() {
        return "sku-" + ThreadLocalRandom.current().nextInt(100);
    }
}
