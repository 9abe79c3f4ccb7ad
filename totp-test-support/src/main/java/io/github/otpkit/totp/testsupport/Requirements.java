package io.github.otpkit.totp.testsupport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * The one rule for tests that need something outside the JVM (a command-line program such as
 * oathtool, or a database server given by an environment variable): when it is missing, the test is
 * skipped with the reason on a developer's machine, and fails with the same reason when the
 * environment variable {@code CI} is set, so that CI never passes by skipping a check.
 *
 * <p>{@code CI} counts as set when it is present and neither empty nor {@code false} (any case).
 *
 * <p>Declarative use: {@link RequiresTool} and {@link RequiresEnv} on a test class or method. This
 * class is the imperative form, for tests that need the program's path or the variable's value: its
 * methods return it, or throw {@link TestAbortedException} (skipped) or {@link
 * AssertionFailedError} (failed, in CI).
 *
 * <p>Immutable and thread-safe.
 */
public final class Requirements {
  private static final Requirements SYSTEM = new Requirements(Host.SYSTEM);

  private final Host host;

  Requirements(Host host) {
    this.host = host;
  }

  /**
   * Returns a program's path, or skips (locally) or fails (in CI) the calling test.
   *
   * @param program a name looked up on {@code PATH}, or an absolute path
   * @param debianPackage the Debian package that provides it, for the message
   * @param probe arguments the program must run with successfully (see {@link
   *     RequiresTool#probe()}); none for no check
   * @return the program's path
   */
  public static Path tool(String program, String debianPackage, String... probe) {
    return SYSTEM.requireTool(program, debianPackage, List.of(probe));
  }

  /**
   * Returns an environment variable's value, or skips (locally) or fails (in CI) the calling test
   * when it is unset or blank.
   *
   * @param variable the variable's name
   * @param purpose what it provides, for the message (may be empty)
   * @return the value
   */
  public static String env(String variable, String purpose) {
    return SYSTEM.requireEnv(variable, purpose);
  }

  /**
   * Whether the environment variable {@code CI} is set (present, not empty, not {@code false}).
   *
   * @return true in CI
   */
  public static boolean inCi() {
    return SYSTEM.ci();
  }

  boolean ci() {
    String ci = host.getenv("CI");
    return ci != null && !ci.isEmpty() && !ci.toLowerCase(Locale.ROOT).equals("false");
  }

  /** The program's path, if it is there and passes the probe. */
  Optional<Path> findTool(String program, List<String> probe) {
    List<Path> candidates = new ArrayList<>();
    Path given = Path.of(program);
    if (given.isAbsolute()) {
      candidates.add(given);
    } else {
      for (Path folder : host.pathFolders()) {
        candidates.add(folder.resolve(program));
      }
    }
    for (Path candidate : candidates) {
      if (!host.isExecutableFile(candidate)) {
        continue;
      }
      List<String> command = new ArrayList<>();
      command.add(candidate.toString());
      command.addAll(probe);
      if (probe.isEmpty() || host.runsSuccessfully(command)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Why the program is missing, or empty if it is there. */
  Optional<String> missingTool(String program, String debianPackage, List<String> probe) {
    if (findTool(program, probe).isPresent()) {
      return Optional.empty();
    }
    String where = Path.of(program).isAbsolute() ? "" : " on PATH";
    String check = probe.isEmpty() ? "" : " that runs with " + String.join(" ", probe);
    String pkg = debianPackage.isEmpty() ? program : debianPackage;
    return Optional.of(
        "no "
            + program
            + check
            + where
            + ": install the Debian package "
            + pkg
            + " to run this test");
  }

  /** Why the variable is missing, or empty if it is set. */
  Optional<String> missingEnv(String variable, String purpose) {
    String value = host.getenv(variable);
    if (value != null && !value.isBlank()) {
      return Optional.empty();
    }
    String what = purpose.isEmpty() ? "" : " (" + purpose + ")";
    return Optional.of(variable + " is not set" + what + ": set it to run this test");
  }

  /**
   * The rule itself: in CI a missing requirement is a failure, elsewhere a reason to skip.
   *
   * @throws AssertionFailedError in CI
   * @throws TestAbortedException otherwise
   */
  RuntimeException missing(String reason) {
    if (ci()) {
      throw new AssertionFailedError(reason + " (CI is set, so this test must not be skipped)");
    }
    throw new TestAbortedException(reason);
  }

  Path requireTool(String program, String debianPackage, List<String> probe) {
    Optional<Path> found = findTool(program, probe);
    if (found.isPresent()) {
      return found.get();
    }
    throw missing(missingTool(program, debianPackage, probe).orElseThrow());
  }

  String requireEnv(String variable, String purpose) {
    String value = host.getenv(variable);
    if (value == null || value.isBlank()) {
      throw missing(missingEnv(variable, purpose).orElseThrow());
    }
    return value;
  }
}
