package io.github.otpkit.totp;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs command-line tools (oathtool, python3 with pyotp) that tests cross-check against.
 *
 * <p>The rule for a missing tool: the test is skipped with a clear reason on a developer machine,
 * but fails when the environment variable {@code CI} is set, so that CI never silently loses a
 * cross-check.
 */
final class ExternalTools {
  private ExternalTools() {}

  /** What a finished process printed. */
  record Result(int exitCode, String stdout, String stderr) {}

  /**
   * Finds an executable on the {@code PATH}, after the given absolute candidates.
   *
   * @param name the program name, e.g. {@code oathtool}
   * @param firstCandidates absolute paths to try first
   * @return the path, or empty if not found
   */
  static Optional<Path> find(String name, String... firstCandidates) {
    List<Path> candidates = new ArrayList<>();
    for (String c : firstCandidates) {
      candidates.add(Path.of(c));
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(java.io.File.pathSeparator, -1)) {
        if (!dir.isEmpty()) {
          candidates.add(Path.of(dir, name));
        }
      }
    }
    return candidates.stream().filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
  }

  /**
   * Skips (CI unset) or fails (CI set) when a tool is missing; returns normally when it is there.
   *
   * @param available whether the tool was found
   * @param tool what is missing, for the message
   * @param installHint how to install it
   * @param ci the value of the environment variable {@code CI}, {@code null} if unset
   */
  static void requireOrSkip(boolean available, String tool, String installHint, @Nullable String ci) {
    if (available) {
      return;
    }
    if (ci != null) {
      fail(tool + " is required because the environment variable CI is set; install it: " + installHint);
    }
    Assumptions.abort(
        tool + " is not installed (" + installHint + "); cross-check skipped because CI is not set");
  }

  /** {@link #requireOrSkip(boolean, String, String, String)} with the real {@code CI} variable. */
  static void requireOrSkip(boolean available, String tool, String installHint) {
    requireOrSkip(available, tool, installHint, System.getenv("CI"));
  }

  /**
   * Runs a command with a timeout, feeding {@code stdin} and collecting both outputs.
   *
   * @param command the command and its arguments
   * @param stdin text for standard input, or {@code null} for none
   * @param environment variables to add
   * @param timeout how long to wait before the process is killed and the test fails
   * @return the result
   */
  static Result run(
      List<String> command, @Nullable String stdin, Map<String, String> environment, Duration timeout)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    Process process = builder.start();
    CompletableFuture<String> out = readAsync(process.getInputStream());
    CompletableFuture<String> err = readAsync(process.getErrorStream());
    try (OutputStream in = process.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      fail(command.get(0) + " did not finish within " + timeout);
    }
    return new Result(process.exitValue(), out.join(), err.join());
  }

  private static CompletableFuture<String> readAsync(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (InputStream s = stream) {
            return new String(s.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }
}
