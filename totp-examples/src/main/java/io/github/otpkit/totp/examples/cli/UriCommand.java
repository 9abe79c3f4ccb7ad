package io.github.otpkit.totp.examples.cli;

import io.github.otpkit.totp.OtpAuthUri;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code totp uri --secret S --issuer I --account NAME [...]}: prints the otpauth URI that an
 * authenticator app reads from a QR code.
 *
 * <p>Settings that Microsoft or Google Authenticator do not honour (anything but SHA1, 6 digits and
 * 30 seconds, or HOTP in Microsoft Authenticator) are allowed, with one {@code warning: } line each
 * on standard error; the exit status stays 0.
 */
@Command(
    name = "uri",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Prints the otpauth URI of an account, the text of its QR code.",
      "The URI contains the secret: keep it out of logs and chat.",
      "Settings that authenticator apps do not support print a warning on standard error."
    })
final class UriCommand implements Callable<Integer> {
  private final CliContext context;

  @Mixin private SecretOption secret = new SecretOption();
  @Mixin private HmacOptions hmac = new HmacOptions();
  @Mixin private UriOptions uriOptions = new UriOptions();

  UriCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    UriOptions.Start start = uriOptions.checked(hmac);
    OtpAuthUri uri = uriOptions.build(start, secret.read(context));
    context.out().println(uri.revealUriString());
    Warnings.print(context, uri);
    return 0;
  }
}
