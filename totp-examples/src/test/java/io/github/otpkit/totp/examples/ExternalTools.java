package io.github.otpkit.totp.examples;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tools outside the JVM that some tests need (Debian packages: oathtool, chromium,
 * chromium-driver). Missing tools skip those tests on a developer's machine, but fail them when
 * the environment variable {@code CI} is set, so that CI never passes by skipping.
 */
public final class ExternalTools {
  private ExternalTools() {}

  /**
   * Whether the environment variable {@code CI} is set to anything but empty or "false".
   *
   * @return true in CI
   */
  public static boolean inCi() {
    String ci = System.getenv("CI");
    return ci != null && !ci.isEmpty() && !ci.equalsIgnoreCase("false");
  }

  /**
   * Returns the path of an executable, or skips the calling test (fails it in CI) if it is
   * missing.
   *
   * @param path the absolute path, e.g. {@code /usr/bin/oathtool}
   * @param debianPackage the package that provides it, for the message
   * @return the path
   */
  public static Path require(String path, String debianPackage) {
    Path p = Path.of(path);
    boolean present = Files.isExecutable(p);
    String message =
        path + " is missing: install the Debian package " + debianPackage + " to run this test";
    if (!present && inCi()) {
      fail(message + " (CI is set, so this test must not be skipped)");
    }
    assumeTrue(present, message);
    return p;
  }
}
