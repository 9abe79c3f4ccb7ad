package io.github.otpkit.totp.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * RFC 3986 percent-encoding for otpauth URIs.
 *
 * <p>Encoding keeps only the unreserved characters ({@code A-Z a-z 0-9 - . _ ~}) and writes every
 * other UTF-8 byte as {@code %XX} with upper-case hex, so a space becomes {@code %20} and a plus
 * {@code %2B}, never a bare {@code +}. Decoding is strict about {@code %} sequences and UTF-8.
 * Stateless and thread-safe.
 */
public final class PercentCoding {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private PercentCoding() {}

  /** Thrown by {@link #decode} when the text is not valid; the message never quotes the text. */
  public static final class MalformedException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Percent-encodes everything except the RFC 3986 unreserved characters.
   *
   * @param text the text to encode
   * @return the encoded text, ASCII only
   * @throws IllegalArgumentException if the text contains an unpaired surrogate
   */
  public static String encode(String text) {
    if (!isValidUnicode(text)) {
      throw new IllegalArgumentException("text is not valid Unicode (unpaired surrogate)");
    }
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(utf8.length * 3);
    for (byte b : utf8) {
      int c = b & 0xff;
      if (isUnreserved(c)) {
        sb.append((char) c);
      } else {
        sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0x0f]);
      }
    }
    return sb.toString();
  }

  /**
   * Tells whether a character is unreserved in RFC 3986 section 2.3.
   *
   * @param c the character
   * @return {@code true} for {@code A-Z a-z 0-9 - . _ ~}
   */
  public static boolean isUnreserved(int c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }

  /**
   * Decodes percent-encoded text as UTF-8.
   *
   * <p>Characters other than {@code %XX} are taken as they are (a raw {@code é} stays {@code é}).
   *
   * @param raw the text as it appears in the URI
   * @param plusIsSpace {@code true} to read {@code +} as a space, as form decoders do in a query;
   *     {@code false} to keep it literally, as in a path
   * @return the decoded text
   * @throws MalformedException if a {@code %} is not followed by two hex digits, or the bytes are
   *     not UTF-8
   */
  public static String decode(String raw, boolean plusIsSpace) throws MalformedException {
    if (raw.indexOf('%') < 0 && !(plusIsSpace && raw.indexOf('+') >= 0)) {
      if (!isValidUnicode(raw)) {
        throw new MalformedException("is not valid UTF-8");
      }
      return raw;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    int i = 0;
    int n = raw.length();
    while (i < n) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= n) {
          throw new MalformedException("has malformed percent-encoding");
        }
        int hi = hexValue(raw.charAt(i + 1));
        int lo = hexValue(raw.charAt(i + 2));
        if (hi < 0 || lo < 0) {
          throw new MalformedException("has malformed percent-encoding");
        }
        out.write((hi << 4) | lo);
        i += 3;
      } else if (c == '+' && plusIsSpace) {
        out.write(' ');
        i++;
      } else {
        int end = i + 1;
        while (end < n && raw.charAt(end) != '%' && !(plusIsSpace && raw.charAt(end) == '+')) {
          end++;
        }
        String run = raw.substring(i, end);
        if (!isValidUnicode(run)) {
          throw new MalformedException("is not valid UTF-8");
        }
        byte[] bytes = run.getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
        i = end;
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedException("is not valid UTF-8");
    }
  }

  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return -1;
  }

  private static boolean isValidUnicode(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
