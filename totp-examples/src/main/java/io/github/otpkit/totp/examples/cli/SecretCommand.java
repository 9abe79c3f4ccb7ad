package io.github.otpkit.totp.examples.cli;

import io.github.otpkit.totp.OtpSecret;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code totp secret [--bytes N]}: prints a new random secret. */
@Command(
    name = "secret",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Prints a new random secret (SecureRandom) as one line of upper-case Base32 without padding.",
      "Keep it secret: it is the key of the account."
    })
final class SecretCommand implements Callable<Integer> {
  private final CliContext context;

  @Option(
      names = "--bytes",
      paramLabel = "N",
      converter = WholeNumber.IntConverter.class,
      description = "Key length in bytes, 16 to 64 (default: ${DEFAULT-VALUE}, 160 bits).")
  private int bytes = OtpSecret.DEFAULT_BYTES;

  SecretCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (bytes < OtpSecret.MIN_BYTES || bytes > OtpSecret.MAX_BYTES) {
      throw new BadInputException(
          "--bytes must be "
              + OtpSecret.MIN_BYTES
              + " to "
              + OtpSecret.MAX_BYTES
              + " but was "
              + bytes);
    }
    context.out().println(OtpSecret.generate(bytes).revealBase32());
    return 0;
  }
}
