package io.github.otpkit.totp.internal;

/** Makes caller-supplied, non-secret text (account ids) safe to put into a log line. */
public final class LogSafe {
  private LogSafe() {}

  /**
   * Replaces control characters with {@code ?}, so that a crafted account id cannot forge or
   * split log lines.
   *
   * @param text an account id or similar non-secret text
   * @return the text, with control characters replaced
   */
  public static String accountId(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int j = 0; j < text.length(); j++) {
          char d = text.charAt(j);
          sb.append(d < 0x20 || d == 0x7f ? '?' : d);
        }
        return sb.toString();
      }
    }
    return text;
  }
}
