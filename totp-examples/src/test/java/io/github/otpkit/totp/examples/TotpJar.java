package io.github.otpkit.totp.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged {@code totp-examples/target/totp.jar}, run as a person runs it: {@code java -jar
 * totp.jar ...} in a process of its own.
 *
 * <p>The {@code *ProcessTest} classes that use it run in the {@code integration-test} phase (the
 * {@code process-tests} execution of surefire in this module's POM), after {@code package} has
 * built the jar, and get its path in the system property {@value #PROPERTY}. Elsewhere (the unit
 * test phase, an IDE) they are skipped; in the {@code process-tests} execution a missing jar fails
 * them. Failsafe sets the same property for the {@code *IT} classes that start portals
 * (SharedDatabaseIT, in the portal package: hence public).
 */
public final class TotpJar {
  /** The system property with the jar's path, set by the {@code process-tests} execution. */
  static final String PROPERTY = "totp.jar";

  private static final long TIMEOUT_SECONDS = 90;

  private TotpJar() {}

  /**
   * The jar, or a skipped test outside the {@code process-tests} execution.
   *
   * @return the jar's path
   */
  public static Path jar() {
    String path = System.getProperty(PROPERTY);
    assumeTrue(
        path != null, "runs against the packaged jar in the integration-test phase (mvn verify)");
    Path jar = Path.of(path);
    if (!Files.isRegularFile(jar)) {
      fail(jar + " is missing: the process tests run after mvn package has built it");
    }
    return jar;
  }

  /**
   * {@code java -jar totp.jar ARGS}, with the JVM that runs the tests.
   *
   * @param args the arguments after the jar
   * @return the command line
   */
  public static List<String> command(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    return command;
  }

  /**
   * Runs {@code java -jar totp.jar ARGS} to its end, with {@code stdin} on standard input.
   *
   * @param work a folder for the captured output
   * @return the exit status and everything printed
   */
  static CliRun run(Path work, String stdin, String... args) throws Exception {
    return run(new ProcessBuilder(command(args)), work, stdin, args);
  }

  /**
   * Runs {@code java -jar totp.jar ARGS} to its end in {@code work}, with nothing on standard input
   * and exactly the given {@code OTPKIT_*} environment variables (the ones this JVM has are left
   * out).
   *
   * @param work the working folder, and where the output is captured
   * @param environment the variables to set
   * @return the exit status and everything printed
   */
  static CliRun run(Path work, Map<String, String> environment, String... args) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command(args)).directory(work.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("OTPKIT_"));
    builder.environment().putAll(environment);
    return run(builder, work, "", args);
  }

  private static CliRun run(ProcessBuilder builder, Path work, String stdin, String... args)
      throws Exception {
    Path out = Files.createTempFile(work, "out", ".txt");
    Path err = Files.createTempFile(work, "err", ".txt");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      try (var in = process.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // The command ended without reading standard input: nothing to deliver.
      }
      assertThat(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS))
          .as("java -jar totp.jar %s ended", String.join(" ", args))
          .isTrue();
      return new CliRun(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      process.destroyForcibly();
    }
  }
}
