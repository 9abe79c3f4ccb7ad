package io.github.otpkit.totp.internal;

/** The one rule for the ids that otpkit stores next to secrets (key, enrollment, recovery code). */
public final class Ids {
  private Ids() {}

  /**
   * Finds the first character that is not allowed in an id.
   *
   * @param id the id
   * @return the index of the first character outside {@code A-Z a-z 0-9 . _ -}, or -1 if there is
   *     none
   */
  public static int firstInvalidChar(String id) {
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-';
      if (!ok) {
        return i;
      }
    }
    return -1;
  }
}
