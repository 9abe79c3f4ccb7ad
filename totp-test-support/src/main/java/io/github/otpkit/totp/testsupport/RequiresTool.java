package io.github.otpkit.totp.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The annotated test class or method needs a command-line program: without it the tests are skipped
 * on a developer's machine and fail when the environment variable {@code CI} is set (see {@link
 * Requirements}).
 *
 * <p>{@link #value()} is a program name looked up on {@code PATH} ({@code "oathtool"}), or an
 * absolute path ({@code "/usr/bin/chromium"}) that must be an executable file.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Repeatable(RequiresTool.List.class)
@ExtendWith(RequirementsCondition.class)
public @interface RequiresTool {
  /**
   * The program: a name found on {@code PATH}, or an absolute path.
   *
   * @return the program
   */
  String value();

  /**
   * The Debian package that provides the program, named in the skip or failure message; the
   * program's name when empty.
   *
   * @return the package
   */
  String debianPackage() default "";

  /**
   * Arguments the program is run with to check that it is usable (exit status 0 within 20 seconds),
   * for example {@code {"-c", "import pyotp"}} for a Python module; no check when empty. The first
   * candidate on {@code PATH} that passes is the one found.
   *
   * @return the probe's arguments
   */
  String[] probe() default {};

  /** Holds several {@link RequiresTool} annotations on one element. */
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
    RequiresTool[] value();
  }
}
