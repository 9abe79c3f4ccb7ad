package io.github.otpkit.totp.examples.cli;

import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.TotpGenerator;
import io.github.otpkit.totp.TotpParameters;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code totp code --secret S [...]}: prints the TOTP code (RFC 6238) at a time. */
@Command(
    name = "code",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Prints the TOTP code (RFC 6238) of a secret at a time, now by default.")
final class CodeCommand implements Callable<Integer> {
  private final CliContext context;

  @Mixin private SecretOption secret = new SecretOption();
  @Mixin private HmacOptions hmac = new HmacOptions();
  @Mixin private TotpOptions totp = new TotpOptions();
  @Mixin private TimeOption time = new TimeOption();

  CodeCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    TotpParameters parameters = totp.parameters(hmac);
    Instant at = time.resolve(context.clock(), parameters.t0());
    OtpSecret key = secret.read(context);
    context.out().println(TotpGenerator.create(key, parameters).generate(at));
    return 0;
  }
}
