package io.github.otpkit.totp.examples.cli;

import io.github.otpkit.totp.InvalidSecretException;
import io.github.otpkit.totp.OtpSecret;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import picocli.CommandLine.Option;

/**
 * The {@code --secret S} option shared by every command that computes or checks codes.
 *
 * <p>S is Base32 in any case, with spaces and hyphens ignored and padding optional. {@code -} reads
 * it from standard input instead, so that it stays out of process listings and shell history.
 * Errors name the position of a bad character, never the secret.
 */
final class SecretOption {
  /** Standard input longer than this is not a secret (a 64-byte key is 103 Base32 characters). */
  static final int MAX_STDIN_BYTES = 4096;

  static final String DESCRIPTION =
      "Shared secret in Base32 (any case; spaces, hyphens and padding are ignored),"
          + " or - to read it from standard input.";

  @Option(names = "--secret", required = true, paramLabel = "S", description = DESCRIPTION)
  private String text = "";

  /**
   * Reads and decodes the secret.
   *
   * @param context where standard input comes from
   * @return the secret
   * @throws BadInputException if the secret is not valid
   */
  OtpSecret read(CliContext context) {
    return decode(text, context);
  }

  /**
   * Decodes the value of a {@code --secret} option, reading standard input for {@code -}.
   *
   * @param text the option's value
   * @param context where standard input comes from
   * @return the secret
   * @throws BadInputException if the secret is not valid
   */
  static OtpSecret decode(String text, CliContext context) {
    boolean fromStdin = "-".equals(text);
    String base32 = fromStdin ? readStandardInput(context.in(), "secret") : text;
    try {
      return OtpSecret.fromBase32(base32);
    } catch (InvalidSecretException e) {
      throw new BadInputException(
          (fromStdin ? "secret from standard input: " : "--secret: ") + e.getMessage());
    }
  }

  /**
   * Reads one value from standard input: at most {@value #MAX_STDIN_BYTES} bytes of UTF-8, with the
   * line break(s) at the end removed (as echo, printf or a here-string give it).
   *
   * @param in standard input
   * @param what what is read, for messages: {@code secret} or {@code URI}
   * @return the text, not empty
   * @throws BadInputException if standard input is empty, too long or unreadable
   */
  static String readStandardInput(InputStream in, String what) {
    byte[] bytes;
    try {
      bytes = in.readNBytes(MAX_STDIN_BYTES + 1);
    } catch (IOException e) {
      throw new BadInputException("cannot read the " + what + " from standard input");
    }
    try {
      if (bytes.length > MAX_STDIN_BYTES) {
        throw new BadInputException(
            what + " from standard input: longer than " + MAX_STDIN_BYTES + " bytes");
      }
      int end = bytes.length;
      while (end > 0 && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r')) {
        end--;
      }
      if (end == 0) {
        throw new BadInputException(what + " from standard input: nothing to read");
      }
      return new String(bytes, 0, end, StandardCharsets.UTF_8);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }
}
