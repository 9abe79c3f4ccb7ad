package io.github.otpkit.totp.examples.cli;

import io.github.otpkit.totp.HotpGenerator;
import io.github.otpkit.totp.OtpAuthUri;
import io.github.otpkit.totp.OtpType;
import io.github.otpkit.totp.TotpGenerator;
import io.github.otpkit.totp.TotpParameters;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code totp code (--secret S [...] | --uri URI | --qr FILE) [--time T]}: prints the code of an
 * account.
 *
 * <p>With {@code --secret}, the TOTP code (RFC 6238) at a time with the given parameters. With
 * {@code --uri}, the code that an authenticator app shows for that otpauth URI: for a totp URI the
 * code at a time (T0 is the Unix epoch: the format has no T0), for an hotp URI the code at the
 * URI's counter ({@code --time} is accepted there but has no effect: one {@code warning: } line on
 * standard error says so, and the exit status stays 0). With {@code --qr}, the same for the otpauth
 * URI in a QR code image.
 */
@Command(
    name = "code",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Prints the TOTP code (RFC 6238) of a secret at a time, now by default.",
      "With --uri, prints the code of an otpauth URI: for totp URIs at a time, for hotp URIs at"
          + " their counter (--time has no effect there; a warning says so).",
      "With --qr, the same for the otpauth URI in a QR code image."
    })
final class CodeCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec private CommandSpec spec = CommandSpec.create();
  @Mixin private SourceOptions source = new SourceOptions();
  @Mixin private HmacOptions hmac = new HmacOptions();
  @Mixin private TotpOptions totp = new TotpOptions();
  @Mixin private TimeOption time = new TimeOption();
  @Mixin private QrImageOption qr = new QrImageOption();

  CodeCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (qr.isGiven()) {
      return codeOfQr();
    }
    if (SourceOptions.given(spec, "--secret", "--uri").isEmpty()) {
      throw new BadInputException(
          "missing required option: '--secret=S', '--uri=URI' or '--qr=FILE'");
    }
    source.requireExactlyOne();
    if (source.hasUri()) {
      return codeOfUri();
    }
    TotpParameters parameters = totp.parameters(hmac);
    Instant at = time.resolve(context.clock(), parameters.t0());
    context.out().println(TotpGenerator.create(source.secret(context), parameters).generate(at));
    return 0;
  }

  private Integer codeOfQr() {
    List<String> others = SourceOptions.given(spec, "--secret", "--uri");
    if (!others.isEmpty()) {
      throw new BadInputException("--qr cannot be used together with " + others.get(0));
    }
    List<String> carried = SourceOptions.given(spec, "--algorithm", "--digits", "--period", "--t0");
    if (!carried.isEmpty()) {
      throw new BadInputException(
          "--qr cannot be combined with " + carried.get(0) + " (the QR code's URI sets it)");
    }
    return codeOf(qr.read(context));
  }

  private Integer codeOfUri() {
    source.rejectWithUri(spec, "--algorithm", "--digits", "--period", "--t0");
    SourceOptions.GivenUri given = source.uri(context);
    return codeOf(given.parsed());
  }

  private Integer codeOf(OtpAuthUri uri) {
    String code;
    if (uri.type() == OtpType.HOTP) {
      if (!SourceOptions.given(spec, "--time").isEmpty()) {
        // Accepted, so that one command line works for any URI; a bad value is still bad input.
        time.resolve(context.clock(), Instant.EPOCH);
        context
            .err()
            .println(
                "warning: --time has no effect with an hotp URI: its code is the one at its"
                    + " counter");
      }
      code = HotpGenerator.create(uri.secret(), uri.hotpParameters()).generate(uri.counter());
    } else {
      TotpParameters parameters = uri.totpParameters();
      Instant at = time.resolve(context.clock(), parameters.t0());
      code = TotpGenerator.create(uri.secret(), parameters).generate(at);
    }
    context.out().println(code);
    return 0;
  }
}
