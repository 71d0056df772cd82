package dev.infraperf.load;

import java.time.Duration;

/** Small behaviours for the engine tests. */
final class TestUsers {
    private TestUsers() {}

    /** One GET per task, no wait. */
    static final class Hammer extends VirtualUser {
        @Task
        void get() {
            http().get("/get").send();
        }
    }

    /** One GET per task, 100 ms between tasks: a closed-model user without a schedule. */
    static final class Steady extends VirtualUser {
        @Override
        protected WaitTime waitTime() {
            return WaitTime.constant(Duration.ofMillis(100));
        }

        @Task
        void get() {
            http().get("/get").name("/get [steady]").send();
        }
    }

    /** Three tasks with weights 6:3:1, each under its own name, no wait. */
    static final class Weighted extends VirtualUser {
        @Task(6)
        void a() {
            http().get("/a").send();
        }

        @Task(3)
        void b() {
            http().get("/b").send();
        }

        @Task(1)
        void c() {
            http().get("/c").send();
        }
    }

    /** A check that never holds: every request is a validation failure. */
    static final class Picky extends VirtualUser {
        @Override
        protected WaitTime waitTime() {
            return WaitTime.constant(Duration.ofMillis(20));
        }

        @Task
        void get() {
            http().get("/get")
                    .check("body says ok:false", r -> r.body().contains("\"ok\":false"))
                    .send();
        }
    }

    /** One GET per task, 20 ms between tasks: bounded traffic against a failing target. */
    static final class PacedGet extends VirtualUser {
        @Override
        protected WaitTime waitTime() {
            return WaitTime.constant(Duration.ofMillis(20));
        }

        @Task
        void get() {
            http().get("/get").send();
        }
    }

    /** One POST (not idempotent) per task, 20 ms between tasks. */
    static final class PacedPost extends VirtualUser {
        @Override
        protected WaitTime waitTime() {
            return WaitTime.constant(Duration.ofMillis(20));
        }

        @Task
        void post() {
            http().post("/post").json("{\"n\":1}").send();
        }
    }
}
