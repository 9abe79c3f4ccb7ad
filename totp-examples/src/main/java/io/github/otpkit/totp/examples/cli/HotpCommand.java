package io.github.otpkit.totp.examples.cli;

import io.github.otpkit.totp.HotpGenerator;
import io.github.otpkit.totp.HotpParameters;
import io.github.otpkit.totp.OtpSecret;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code totp hotp --secret S --counter C [...]}: prints the HOTP code (RFC 4226) at a counter. */
@Command(
    name = "hotp",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Prints the HOTP code (RFC 4226) of a secret at a counter value.")
final class HotpCommand implements Callable<Integer> {
  private final CliContext context;

  @Mixin private SecretOption secret = new SecretOption();
  @Mixin private HmacOptions hmac = new HmacOptions();

  @Option(
      names = "--counter",
      required = true,
      paramLabel = "C",
      converter = WholeNumber.LongConverter.class,
      description = "Counter value (the moving factor), 0 or more.")
  private long counter;

  HotpCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    HotpParameters parameters = hmac.hotpParameters();
    if (counter < 0) {
      throw new BadInputException("--counter must be 0 or more but was " + counter);
    }
    OtpSecret key = secret.read(context);
    context.out().println(HotpGenerator.create(key, parameters).generate(counter));
    return 0;
  }
}
