package io.github.otpkit.totp.internal;

/**
 * Makes caller-supplied, non-secret text (account ids, key ids) safe to put into a log line: the
 * one helper every log line that names an account goes through.
 */
public final class LogSafe {
  private LogSafe() {}

  /**
   * Replaces every character that could forge or split a log line with {@code ?}: the C0 controls
   * (U+0000 to U+001F, tab, CR and LF among them), DEL (U+007F), the C1 controls (U+0080 to U+009F,
   * NEL among them), and the line and paragraph separators U+2028 and U+2029.
   *
   * @param text an account id or similar non-secret text
   * @return the text, with those characters replaced
   */
  public static String accountId(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (isUnsafe(text.charAt(i))) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int j = 0; j < text.length(); j++) {
          char d = text.charAt(j);
          sb.append(isUnsafe(d) ? '?' : d);
        }
        return sb.toString();
      }
    }
    return text;
  }

  private static boolean isUnsafe(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029;
  }
}
