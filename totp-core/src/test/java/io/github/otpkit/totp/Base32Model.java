package io.github.otpkit.totp;

import java.io.ByteArrayOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * An independent, deliberately plain reading of the Base32 grammar that {@link
 * OtpSecret#fromBase32(CharSequence)} documents: the oracle of the property and fuzz tests.
 */
final class Base32Model {
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  private Base32Model() {}

  /** The canonical text: separators and padding removed, ASCII letters upper-cased. */
  static String canonical(String text) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != ' ' && c != '-' && c != '=') {
        sb.append(c >= 'a' && c <= 'z' ? (char) (c - 32) : c);
      }
    }
    return sb.toString();
  }

  /** Returns the key the text encodes, or {@code null} if the text must be rejected. */
  static byte @Nullable [] decode(String text) {
    boolean padding = false;
    StringBuilder clean = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ' ' || c == '-') {
        continue;
      }
      if (c == '=') {
        padding = true;
        continue;
      }
      if (padding) {
        return null;
      }
      char upper = c >= 'a' && c <= 'z' ? (char) (c - 32) : c;
      if (ALPHABET.indexOf(upper) < 0) {
        return null;
      }
      clean.append(upper);
    }
    int count = clean.length();
    int rest = count % 8;
    if (count == 0 || rest == 1 || rest == 3 || rest == 6) {
      return null;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < count; i++) {
      buffer = (buffer << 5) | ALPHABET.indexOf(clean.charAt(i));
      bits += 5;
      if (bits >= 8) {
        bits -= 8;
        out.write((buffer >> bits) & 0xFF);
        buffer &= (1 << bits) - 1;
      }
    }
    if (buffer != 0) {
      return null; // non-zero trailing bits: a different text would decode to the same key
    }
    byte[] key = out.toByteArray();
    if (key.length < OtpSecret.LEGACY_MIN_BYTES || key.length > OtpSecret.MAX_BYTES) {
      return null;
    }
    return key;
  }

  /** Encodes bytes as upper-case Base32 without padding. */
  static String encode(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xFF);
      bits += 8;
      while (bits >= 5) {
        bits -= 5;
        sb.append(ALPHABET.charAt((buffer >> bits) & 31));
      }
      buffer &= (1 << bits) - 1;
    }
    if (bits > 0) {
      sb.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
    }
    return sb.toString();
  }
}
