package io.github.otpkit.totp.internal;

import java.util.Locale;
import java.util.Objects;
import org.apache.commons.codec.binary.Base32;

/**
 * Base32 (RFC 4648 section 6) for secrets: lenient where people are, strict where attackers are.
 *
 * <p>Lenient: any case, ASCII spaces, hyphens and trailing {@code =} padding are accepted. Strict:
 * every other character, an impossible length and non-zero trailing bits are rejected with a
 * message that names the position or the rule, never the text. This class decodes the validated
 * text itself, straight into the key's array (commons-codec's decoder would leave a copy of the key
 * in an 8 KiB working buffer that nobody wipes); commons-codec encodes.
 */
public final class Base32Text {
  private static final Base32 ENCODER = Base32.builder().setLineLength(0).get();

  private Base32Text() {}

  /**
   * Thrown by {@link #decode} when the text is not valid Base32; the message names the position or
   * the rule, never the text.
   */
  public static final class MalformedException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedException(String message) {
      super(message, null, false, false);
    }

    /**
     * Returns what is wrong with the text.
     *
     * @return the position or the rule, never {@code null}
     */
    @Override
    public String getMessage() {
      return Objects.requireNonNull(super.getMessage());
    }
  }

  /**
   * Normalises, validates and decodes Base32 text.
   *
   * @param text the text as a person or an app wrote it
   * @return the decoded bytes
   * @throws MalformedException if the text is not valid Base32
   */
  public static byte[] decode(CharSequence text) throws MalformedException {
    int n = text.length();
    char[] clean = new char[n];
    int[] position = new int[n];
    int count = 0;
    int paddingFrom = -1;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == ' ' || c == '-') {
        continue;
      }
      if (c == '=') {
        if (paddingFrom < 0) {
          paddingFrom = i;
        }
        continue;
      }
      if (paddingFrom >= 0) {
        throw new MalformedException(
            String.format(
                Locale.ROOT,
                "Base32 padding '=' is only allowed at the end (position %d)",
                paddingFrom + 1));
      }
      char u = (c >= 'a' && c <= 'z') ? (char) (c - 'a' + 'A') : c;
      if (!((u >= 'A' && u <= 'Z') || (u >= '2' && u <= '7'))) {
        throw new MalformedException(
            String.format(Locale.ROOT, "invalid Base32 character at position %d", i + 1));
      }
      clean[count] = u;
      position[count] = i + 1;
      count++;
    }
    if (count == 0) {
      throw new MalformedException("secret must not be empty");
    }
    int rest = count % 8;
    if (rest == 1 || rest == 3 || rest == 6) {
      throw new MalformedException(
          String.format(
              Locale.ROOT,
              "Base32 length of %d characters cannot encode whole bytes"
                  + " (a length that leaves 1, 3 or 6 characters in the last group is impossible)",
              count));
    }
    if (rest != 0) {
      int unusedBits = (rest * 5) % 8;
      int last = value(clean[count - 1]);
      if ((last & ((1 << unusedBits) - 1)) != 0) {
        throw new MalformedException(
            String.format(
                Locale.ROOT,
                "Base32 character at position %d has non-zero trailing bits"
                    + " (the text is mistyped or truncated)",
                position[count - 1]));
      }
    }
    // Every character is valid and the trailing bits are zero (checked above), so the bytes follow
    // directly, five bits a character, into an array of exactly the key's size: no codec buffer
    // holds a copy of the key afterwards.
    byte[] key = new byte[count * 5 / 8];
    int buffer = 0;
    int bits = 0;
    int out = 0;
    for (int i = 0; i < count; i++) {
      buffer = (buffer << 5) | value(clean[i]);
      bits += 5;
      if (bits >= 8) {
        bits -= 8;
        key[out++] = (byte) (buffer >>> bits);
        buffer &= (1 << bits) - 1;
      }
    }
    java.util.Arrays.fill(clean, '\0');
    return key;
  }

  /**
   * Encodes bytes as upper-case Base32 without padding.
   *
   * @param bytes the bytes to encode
   * @return the Base32 text
   */
  public static String encode(byte[] bytes) {
    String padded = new String(ENCODER.encode(bytes), java.nio.charset.StandardCharsets.US_ASCII);
    int end = padded.length();
    while (end > 0 && padded.charAt(end - 1) == '=') {
      end--;
    }
    return padded.substring(0, end);
  }

  /**
   * Groups Base32 text in blocks of four characters separated by spaces, for manual entry.
   *
   * @param base32 unpadded Base32 text
   * @return the grouped text, e.g. {@code ABCD EFGH IJKL}
   */
  public static String group(String base32) {
    StringBuilder sb = new StringBuilder(base32.length() + base32.length() / 4);
    for (int i = 0; i < base32.length(); i++) {
      if (i > 0 && i % 4 == 0) {
        sb.append(' ');
      }
      sb.append(base32.charAt(i));
    }
    return sb.toString();
  }

  private static int value(char c) {
    return c >= 'A' ? c - 'A' : c - '2' + 26;
  }
}
