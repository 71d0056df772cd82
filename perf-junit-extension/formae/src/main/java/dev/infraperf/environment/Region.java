package dev.infraperf.environment;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;

/**
 * The AWS region of the environment {@link ResourceCount} generates; on the test method or class
 * (the method wins). Without it, {@value #DEFAULT}. Supported: us-east-1, us-east-2, us-west-1,
 * us-west-2, eu-west-1, eu-central-1, ap-southeast-1 (the regions whose AMI the generator knows);
 * any other fails the test with the list.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public @interface Region {

    String DEFAULT = "us-east-2";

    String value();
}
