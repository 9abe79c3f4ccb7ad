package io.github.otpkit.totp.testsupport;

/** Byte searches for the tests that prove a secret is not stored or written in the clear. */
public final class Bytes {
  private Bytes() {}

  /**
   * Returns where {@code needle} first stands in {@code haystack}.
   *
   * @param haystack the bytes to search (a database file, a log line)
   * @param needle the bytes to find (a raw key)
   * @return the index of the first occurrence, or -1 if there is none
   */
  public static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
