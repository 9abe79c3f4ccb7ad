package io.github.otpkit.totp.examples;

import io.github.otpkit.totp.examples.cli.TotpCli;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;

/**
 * Entry point of {@code totp.jar}: the {@code totp} command-line tool and the Photo Portal demo.
 *
 * <p>See {@link TotpCli} for the commands, their output and their exit statuses.
 */
public final class Main {
  private Main() {}

  /**
   * Runs the tool with the process's standard streams and the system clock, then exits with the
   * command's status (0 success, 2 bad input).
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    int status = run(args, System.in, System.out, System.err, Clock.systemUTC());
    System.exit(status);
  }

  /**
   * Runs the tool in-process, as {@link #main} does but without exiting, so that tests can drive
   * the real entry point.
   *
   * @param args the command line
   * @param in standard input (read by {@code --secret -})
   * @param out standard output
   * @param err standard error
   * @param clock the clock that gives "now" when {@code --time} is not given
   * @return the exit status: 0 success, 2 bad input
   */
  public static int run(
      String[] args, InputStream in, PrintStream out, PrintStream err, Clock clock) {
    return TotpCli.run(args, in, out, err, clock);
  }
}
