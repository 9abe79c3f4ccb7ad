package io.github.otpkit.totp.internal;

/** Formatting of codes as zero-padded ASCII digits, independent of the default locale. */
public final class Digits {
  private static final int[] POWERS = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000
  };

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
   * Returns {@code value mod 10^digits}: the decimal reduction of RFC 4226 section 5.3. The usual
   * digit counts divide by constants, which the JIT turns into multiplications.
   *
   * @param value a truncated HMAC value, 0 or more
   * @param digits 6 to 8
   * @return the code's value, below {@code 10^digits}
   */
  public static int reduce(int value, int digits) {
    return switch (digits) {
      case 6 -> value % 1_000_000;
      case 7 -> value % 10_000_000;
      case 8 -> value % 100_000_000;
      default -> value % POWERS[digits];
    };
  }

  /**
   * Formats a value as exactly {@code digits} ASCII digits, left-padded with zeros.
   *
   * @param value a value below {@code 10^digits}
   * @param digits the number of digits
   * @return the code
   */
  public static String format(int value, int digits) {
    // Integer.toString writes ASCII digits whatever the default locale, straight into the string's
    // own array; only values below 10^(digits-1) need zeros in front.
    String plain = Integer.toString(value);
    int zeros = digits - plain.length();
    return zeros == 0 ? plain : "0".repeat(zeros) + plain;
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
