package io.github.otpkit.totp.examples;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * One in-process run of {@link Main#run}: exit status, standard output and standard error.
 *
 * @param status the exit status
 * @param out everything printed on standard output
 * @param err everything printed on standard error
 */
record CliRun(int status, String out, String err) {
  /** A fixed "now" for tests that do not pass {@code --time}: 2026-01-01T00:00:00Z. */
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  static CliRun run(String... args) {
    return runWith("", Clock.fixed(NOW, ZoneOffset.UTC), args);
  }

  static CliRun runWithStdin(String stdin, String... args) {
    return runWith(stdin, Clock.fixed(NOW, ZoneOffset.UTC), args);
  }

  static CliRun runWith(String stdin, Clock clock, String... args) {
    return runWith(stdin.getBytes(StandardCharsets.UTF_8), clock, args);
  }

  static CliRun runWith(byte[] stdin, Clock clock, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      status = Main.run(args, new ByteArrayInputStream(stdin), o, e, clock);
    }
    return new CliRun(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
