package dev.infraperf.load;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtendWith;

/** Container of repeated {@link LoadPhase} annotations; the phases run in the order written. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@ExtendWith(LoadPhaseExtension.class)
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public @interface LoadPhases {
    LoadPhase[] value();
}
