package io.github.otpkit.totp.examples.cli;

import io.github.otpkit.totp.HmacAlgorithm;
import io.github.otpkit.totp.InvalidUriException;
import io.github.otpkit.totp.OtpAuthUri;
import io.github.otpkit.totp.OtpSecret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The options that describe an otpauth URI besides its secret and HMAC options: {@code --issuer I
 * --account NAME [--period P]} for TOTP, {@code --hotp --counter C} for HOTP. Used by {@code uri}
 * and {@code qr}.
 */
final class UriOptions {
  /** Every option of this class, for commands that take {@code --uri} instead. */
  static final String[] NAMES = {"--issuer", "--account", "--hotp", "--counter", "--period"};

  @Option(
      names = "--issuer",
      paramLabel = "I",
      description = "Service name shown in the app, e.g. \"Photo Portal\" (required; no ':').")
  private @Nullable String issuer;

  @Option(
      names = "--account",
      paramLabel = "NAME",
      description = "Account name shown in the app, e.g. alice@example.com (required; no ':').")
  private @Nullable String account;

  @Option(names = "--hotp", description = "Make an hotp URI (counter-based, RFC 4226) instead.")
  private boolean hotp;

  @Option(
      names = "--counter",
      paramLabel = "C",
      converter = WholeNumber.LongConverter.class,
      description = "With --hotp: the counter value of the next code, 0 or more (required).")
  private @Nullable Long counter;

  @Option(
      names = "--period",
      paramLabel = "P",
      converter = WholeNumber.LongConverter.class,
      description = "TOTP time step in seconds, 1 to 3600 (default: 30).")
  private @Nullable Long period;

  /**
   * Builds the URI once the options are checked and the secret is read.
   *
   * @param start the checked options, from {@link #checked}
   * @param secret the secret
   * @return the URI
   * @throws BadInputException if the issuer or the account name is not valid in a URI
   */
  OtpAuthUri build(Start start, OtpSecret secret) {
    try {
      return start.start(secret).build();
    } catch (InvalidUriException e) {
      // The builder's messages name the part, never the secret.
      throw new BadInputException(optionMessage(String.valueOf(e.getMessage())));
    }
  }

  /** The checked options, waiting for the secret. */
  @FunctionalInterface
  interface Start {
    /**
     * Starts the builder.
     *
     * @param secret the secret
     * @return a builder with every option applied
     */
    OtpAuthUri.Builder start(OtpSecret secret);
  }

  /**
   * Checks every option, without the secret, so that a command can report bad options before it
   * reads the secret from standard input.
   *
   * @param hmac the algorithm and digits
   * @return what makes the builder once the secret is known
   * @throws BadInputException if an option is missing, out of place or invalid
   */
  Start checked(HmacOptions hmac) {
    List<String> missing = new ArrayList<>();
    if (issuer == null) {
      missing.add("'--issuer=I'");
    }
    if (account == null) {
      missing.add("'--account=NAME'");
    }
    if (hotp && counter == null) {
      missing.add("'--counter=C'");
    }
    if (!missing.isEmpty()) {
      throw new BadInputException(
          (missing.size() == 1 ? "missing required option: " : "missing required options: ")
              + String.join(", ", missing));
    }
    String theIssuer = issuer;
    String theAccount = account;
    if (theIssuer == null || theAccount == null) {
      throw new IllegalStateException("checked above");
    }
    if (theIssuer.isEmpty()) {
      throw new BadInputException("--issuer must not be empty");
    }
    if (theAccount.isEmpty()) {
      throw new BadInputException("--account must not be empty");
    }
    HmacAlgorithm algorithm = hmac.algorithm();
    int digits = hmac.digits();
    Long c = counter;
    Long p = period;
    if (hotp) {
      if (p != null) {
        throw new BadInputException("--period cannot be used with --hotp");
      }
      long value = c == null ? 0 : c;
      if (value < 0) {
        throw new BadInputException("--counter must be 0 or more but was " + value);
      }
      return secret ->
          OtpAuthUri.hotp(secret, theIssuer, theAccount, value).algorithm(algorithm).digits(digits);
    }
    if (c != null) {
      throw new BadInputException("--counter can only be used with --hotp");
    }
    Duration checkedPeriod = p == null ? OtpAuthUri.DEFAULT_PERIOD : TotpOptions.checkPeriod(p);
    return secret ->
        OtpAuthUri.totp(secret, theIssuer, theAccount)
            .algorithm(algorithm)
            .digits(digits)
            .period(checkedPeriod);
  }

  /**
   * Tells which of these options were given, for commands where {@code --uri} replaces them.
   *
   * @param spec the command
   * @return the options given, in the order of {@link #NAMES}
   */
  static List<String> given(CommandSpec spec) {
    return SourceOptions.given(spec, NAMES);
  }

  /** Names the option in the URI builder's message: "issuer must not ..." → "--issuer must not". */
  static String optionMessage(String message) {
    if (message.startsWith("issuer ")) {
      return "--issuer " + message.substring("issuer ".length());
    }
    if (message.startsWith("account name ")) {
      return "--account " + message.substring("account name ".length());
    }
    return message;
  }
}
