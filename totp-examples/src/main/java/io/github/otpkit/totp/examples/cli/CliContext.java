package io.github.otpkit.totp.examples.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;

/**
 * What a command may touch besides its options: the standard streams and the clock.
 *
 * @param in standard input, read by {@code --secret -}
 * @param out standard output, for results only
 * @param err standard error, for the one {@code error: } line
 * @param clock where "now" comes from when {@code --time} is not given
 */
record CliContext(InputStream in, PrintStream out, PrintStream err, Clock clock) {}
