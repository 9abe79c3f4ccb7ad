package io.github.otpkit.totp.examples.cli;

import io.github.otpkit.totp.InvalidUriException;
import io.github.otpkit.totp.OtpAuthUri;
import io.github.otpkit.totp.OtpSecret;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * {@code --secret S} or {@code --uri URI}, exactly one of them: where {@code code} and {@code qr}
 * get the account from.
 *
 * <p>Both take {@code -} to read the value from standard input, so that it stays out of process
 * listings and shell history. Errors never repeat the secret or the URI.
 */
final class SourceOptions {
  @Option(names = "--secret", paramLabel = "S", description = SecretOption.DESCRIPTION)
  private @Nullable String secret;

  @Option(
      names = "--uri",
      paramLabel = "URI",
      description =
          "otpauth URI (otpauth://totp/... or otpauth://hotp/...), or - to read it from standard"
              + " input.")
  private @Nullable String uri;

  /**
   * An otpauth URI as given and as parsed.
   *
   * @param text the text exactly as given (line breaks at the end of standard input removed)
   * @param parsed the parsed URI
   */
  record GivenUri(String text, OtpAuthUri parsed) {
    /** Leaves the text out: it carries the secret. */
    @Override
    public String toString() {
      return "GivenUri[" + parsed + "]";
    }
  }

  /**
   * Checks that exactly one of {@code --secret} and {@code --uri} was given.
   *
   * @throws BadInputException if none or both were given
   */
  void requireExactlyOne() {
    if (secret == null && uri == null) {
      throw new BadInputException("missing required option: '--secret=S' or '--uri=URI'");
    }
    if (secret != null && uri != null) {
      throw new BadInputException("--secret and --uri cannot be used together");
    }
  }

  /** Whether {@code --uri} was given. */
  boolean hasUri() {
    return uri != null;
  }

  /**
   * Rejects options that a URI already carries, when {@code --uri} was given.
   *
   * @param spec the command, whose parse result tells which options were given
   * @param options the options that the URI replaces, e.g. {@code --digits}
   * @throws BadInputException naming the first such option given
   */
  void rejectWithUri(CommandSpec spec, String... options) {
    if (uri == null) {
      return;
    }
    List<String> given = given(spec, options);
    if (!given.isEmpty()) {
      throw new BadInputException(
          "--uri cannot be combined with " + given.get(0) + " (the URI sets it)");
    }
  }

  /**
   * Returns the options of a list that appear on the command line, in the list's order.
   *
   * @param spec the command
   * @param options option names
   * @return the ones given
   */
  static List<String> given(CommandSpec spec, String... options) {
    ParseResult result = spec.commandLine().getParseResult();
    List<String> given = new ArrayList<>();
    for (String option : options) {
      if (result != null && result.hasMatchedOption(option)) {
        given.add(option);
      }
    }
    return given;
  }

  /**
   * Decodes {@code --secret}.
   *
   * @param context where standard input comes from
   * @return the secret
   * @throws IllegalStateException if {@code --secret} was not given
   * @throws BadInputException if the secret is not valid
   */
  OtpSecret secret(CliContext context) {
    String text = secret;
    if (text == null) {
      throw new IllegalStateException("--secret was not given");
    }
    return SecretOption.decode(text, context);
  }

  /**
   * Reads and parses {@code --uri}.
   *
   * @param context where standard input comes from
   * @return the URI as given and as parsed
   * @throws IllegalStateException if {@code --uri} was not given
   * @throws BadInputException if the URI is not a valid otpauth URI
   */
  GivenUri uri(CliContext context) {
    String text = uri;
    if (text == null) {
      throw new IllegalStateException("--uri was not given");
    }
    boolean fromStdin = "-".equals(text);
    String value = fromStdin ? SecretOption.readStandardInput(context.in(), "URI") : text;
    try {
      return new GivenUri(value, OtpAuthUri.parse(value));
    } catch (InvalidUriException e) {
      // The parser's messages name the part that is wrong, never the secret or the URI.
      throw new BadInputException(
          (fromStdin ? "URI from standard input: " : "--uri: ") + e.getMessage());
    }
  }
}
