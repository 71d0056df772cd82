package dev.infraperf.load;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;

/**
 * Marks a method of a {@link VirtualUser} as one of its tasks, like Locust's {@code @task(weight)}.
 *
 * <p>A user picks its next task at random, each task with probability {@code weight / sum of weights}, runs it, then
 * waits as its {@link VirtualUser#waitTime()} says. Task methods take no parameters, may have any visibility and may
 * throw; an exception other than a cancelled request is counted as a task error of the phase and the user goes on.
 * Tasks declared in superclasses count too, so a subclass can change the wait time and keep the tasks.
 *
 * <pre>{@code
 * @Task(10) void submitFailure() { http().post("/webhook").json(body).name("/webhook").send(); }
 * @Task(1)  void checkHealth()   { http().get("/health").send(); }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public @interface Task {

    /** Relative weight of the task, at least 1; default 1. */
    int value() default 1;
}
