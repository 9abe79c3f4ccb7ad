package io.github.otpkit.totp.internal;

/** Formatting of codes as zero-padded ASCII digits, independent of the default locale. */
public final class Digits {
  private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
      100_000_000};

  private Digits() {}

  /**
   * Returns {@code 10^digits}.
   *
   * @param digits 0 to 8
   * @return the power of ten
   */
  public static int power(int digits) {
    return POWERS[digits];
  }

  /**
   * Formats a value as exactly {@code digits} ASCII digits, left-padded with zeros.
   *
   * @param value a value below {@code 10^digits}
   * @param digits the number of digits
   * @return the code
   */
  public static String format(int value, int digits) {
    byte[] out = new byte[digits];
    int v = value;
    for (int i = digits - 1; i >= 0; i--) {
      out[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    return new String(out, java.nio.charset.StandardCharsets.US_ASCII);
  }

  /**
   * Parses a code typed by a person: ASCII spaces are removed, then exactly {@code digits} ASCII
   * digits must remain. Anything else (a sign, full-width or other non-ASCII digits, tabs, a wrong
   * length) is malformed.
   *
   * @param code the code as typed
   * @param digits the expected number of digits
   * @return the value, or -1 if the code is malformed
   */
  public static int parse(CharSequence code, int digits) {
    int value = 0;
    int seen = 0;
    int n = code.length();
    for (int i = 0; i < n; i++) {
      char c = code.charAt(i);
      if (c == ' ') {
        continue;
      }
      if (c < '0' || c > '9' || seen == digits) {
        return -1;
      }
      value = value * 10 + (c - '0');
      seen++;
    }
    return seen == digits ? value : -1;
  }
}
