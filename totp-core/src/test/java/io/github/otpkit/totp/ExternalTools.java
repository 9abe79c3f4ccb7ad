package io.github.otpkit.totp;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Runs command-line tools (oathtool, python3 with pyotp) that tests cross-check against. Whether a
 * tool is there (skipped locally, failed in CI when missing) is {@link
 * io.github.otpkit.totp.testsupport.Requirements}'s rule.
 */
final class ExternalTools {
  private ExternalTools() {}

  /** What a finished process printed. */
  record Result(int exitCode, String stdout, String stderr) {}

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
      List<String> command,
      @Nullable String stdin,
      Map<String, String> environment,
      Duration timeout)
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
