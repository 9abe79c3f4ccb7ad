package io.github.otpkit.totp.examples.cli;

import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.TotpGenerator;
import io.github.otpkit.totp.TotpParameters;
import io.github.otpkit.totp.auth.TotpVerifier;
import io.github.otpkit.totp.auth.Window;
import io.github.otpkit.totp.store.InMemoryStore;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code totp verify --secret S --code CODE [...]}: checks a TOTP code against a window of time
 * steps and prints {@code valid step=N drift=D} (exit 0) or {@code invalid} (exit 1).
 *
 * <p>The check is {@link TotpVerifier#matchWithoutReplayProtection}: every step of the window is
 * computed and compared in constant time. A command line keeps no state between runs, so there is
 * no replay protection and no throttling here; a portal uses {@link TotpVerifier#verify} instead.
 *
 * <p>A code that is not exactly D ASCII digits (ASCII spaces are ignored) is bad input, exit 2: it
 * cannot be anyone's code, and a script should tell a typo from a wrong code.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Checks a TOTP code (RFC 6238) at a time, now by default, within a window of time steps.",
      "Prints 'valid step=<matched step> drift=<matched step - current step>' and exits 0, or"
          + " prints 'invalid' and exits 1.",
      "No replay protection or throttling: the command keeps no state between runs."
    })
final class VerifyCommand implements Callable<Integer> {
  private final CliContext context;

  @Mixin private SecretOption secret = new SecretOption();

  @Option(
      names = "--code",
      required = true,
      paramLabel = "CODE",
      description = "The code to check: D digits; spaces are ignored.")
  private String code = "";

  @Mixin private HmacOptions hmac = new HmacOptions();
  @Mixin private TotpOptions totp = new TotpOptions();
  @Mixin private TimeOption time = new TimeOption();

  @Option(
      names = "--behind",
      paramLabel = "N",
      converter = WholeNumber.IntConverter.class,
      description =
          "Steps before the current one that are accepted, 0 to 10 (default: ${DEFAULT-VALUE}).")
  private int behind = Window.DEFAULT.behind();

  @Option(
      names = "--ahead",
      paramLabel = "N",
      converter = WholeNumber.IntConverter.class,
      description =
          "Steps after the current one that are accepted, 0 to 10 (default: ${DEFAULT-VALUE}).")
  private int ahead = Window.DEFAULT.ahead();

  VerifyCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    TotpParameters parameters = totp.parameters(hmac);
    Window window = new Window(checkSteps("--behind", behind), checkSteps("--ahead", ahead));
    Instant at = time.resolve(context.clock(), parameters.t0());
    checkCode(code, parameters.digits());
    OtpSecret key = secret.read(context);
    TotpVerifier verifier =
        // A store is required by the builder; matchWithoutReplayProtection never touches it.
        TotpVerifier.builder(InMemoryStore.create(1))
            .parameters(parameters)
            .window(window)
            .clock(context.clock())
            .allowLegacyShortSecrets()
            .build();
    OptionalLong match = verifier.matchWithoutReplayProtection(key, code, at);
    if (match.isEmpty()) {
      context.out().println("invalid");
      return TotpCli.INVALID;
    }
    long current = TotpGenerator.stepAt(parameters, at);
    context
        .out()
        .println(
            String.format(
                Locale.ROOT,
                "valid step=%d drift=%d",
                match.getAsLong(),
                match.getAsLong() - current));
    return TotpCli.OK;
  }

  private static int checkSteps(String option, int steps) {
    if (steps < 0 || steps > Window.MAX) {
      throw new BadInputException(
          String.format(Locale.ROOT, "%s must be 0 to %d but was %d", option, Window.MAX, steps));
    }
    return steps;
  }

  /**
   * Checks that the code is exactly {@code digits} ASCII digits once ASCII spaces are removed, as
   * the verifier reads it; the message never repeats the code.
   */
  static void checkCode(String code, int digits) {
    int seen = 0;
    boolean ok = true;
    for (int i = 0; i < code.length(); i++) {
      char c = code.charAt(i);
      if (c == ' ') {
        continue;
      }
      if (c < '0' || c > '9') {
        ok = false;
      }
      seen++;
    }
    if (!ok || seen != digits) {
      throw new BadInputException(
          String.format(Locale.ROOT, "--code must be %d digits (spaces are ignored)", digits));
    }
  }
}
