package io.github.otpkit.totp.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The annotated test class or method needs an environment variable that is set and not blank, for
 * example {@code OTPKIT_TEST_POSTGRES_URL}, the JDBC URL of a database server: without it the tests
 * are skipped on a developer's machine and fail when the environment variable {@code CI} is set
 * (see {@link Requirements}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Repeatable(RequiresEnv.List.class)
@ExtendWith(RequirementsCondition.class)
public @interface RequiresEnv {
  /**
   * The environment variable.
   *
   * @return its name
   */
  String value();

  /**
   * What the variable provides, for the message, for example {@code "a PostgreSQL database"}.
   *
   * @return the purpose; the message names only the variable when empty
   */
  String purpose() default "";

  /** Holds several {@link RequiresEnv} annotations on one element. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target({ElementType.TYPE, ElementType.METHOD})
  @ExtendWith(RequirementsCondition.class)
  @interface List {
    /**
     * The annotations.
     *
     * @return the annotations
     */
    RequiresEnv[] value();
  }
}
