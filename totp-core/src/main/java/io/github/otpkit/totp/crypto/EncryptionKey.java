package io.github.otpkit.totp.crypto;

import io.github.otpkit.totp.internal.Ids;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * A 256-bit AES key with an identifier, supplied by the application to encrypt secrets at rest.
 *
 * <p>The key id is stored next to every ciphertext, so that a {@link SecretCipher} can hold the
 * current (primary) key and older keys at once and secrets can be re-encrypted to a new key
 * (rotation). Key ids are not secret: they appear in stored data, in exception messages and in
 * {@link #toString()}. Pick ids that never repeat for different key material, e.g. the date of
 * creation ({@code 2026-11}).
 *
 * <h2>Where keys come from</h2>
 *
 * <p>otpkit never creates or stores the key for you in production: keep it outside the database (an
 * environment variable, a secrets manager, a key store). {@link #fromEnvironment(String, String)}
 * reads it from an environment variable holding Base64 (e.g. the output of {@code openssl rand
 * -base64 32}); {@link #of(String, SecretKey)} accepts a key from a {@link java.security.KeyStore}
 * or a hardware module, including keys that cannot be extracted.
 *
 * <h2>Security considerations</h2>
 *
 * <p>The key bytes never appear in {@link #toString()}, an exception message or a log line. Raw
 * bytes passed in are copied and the copies made during parsing are wiped.
 *
 * <h2>Thread safety</h2>
 *
 * Immutable and thread-safe.
 */
public final class EncryptionKey {
  /** The length of an AES-256 key: 32 bytes. */
  public static final int KEY_BYTES = 32;

  /** The longest key id: 64 characters. */
  public static final int MAX_ID_LENGTH = 64;

  private static final class RandomHolder {
    static final SecureRandom RANDOM = new SecureRandom();
  }

  private final String id;
  private final SecretKey key;

  private EncryptionKey(String id, SecretKey key) {
    this.id = id;
    this.key = key;
  }

  /**
   * Creates a key from 32 raw bytes, which are copied.
   *
   * @param id the key id: 1 to {@value #MAX_ID_LENGTH} characters of {@code A-Z a-z 0-9 . _ -}
   * @param rawKey exactly {@value #KEY_BYTES} bytes
   * @return the key
   * @throws IllegalArgumentException if the id is invalid or the key is not 32 bytes long
   */
  public static EncryptionKey of(String id, byte[] rawKey) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(rawKey, "rawKey");
    checkId(id);
    if (rawKey.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "encryption key must be %d bytes but was %d bytes",
              KEY_BYTES,
              rawKey.length));
    }
    return new EncryptionKey(id, new SecretKeySpec(rawKey, "AES"));
  }

  /**
   * Creates a key from a JCA {@link SecretKey}, e.g. one loaded from a {@link
   * java.security.KeyStore}.
   *
   * <p>The key's algorithm must be AES. If the key can be extracted ({@link SecretKey#getEncoded()}
   * is not {@code null}) it must be 256 bits long; a key that cannot be extracted (held by a
   * hardware module) is used as it is, and its provider decides about its length.
   *
   * @param id the key id: 1 to {@value #MAX_ID_LENGTH} characters of {@code A-Z a-z 0-9 . _ -}
   * @param key an AES key
   * @return the key
   * @throws IllegalArgumentException if the id is invalid, the algorithm is not AES or an
   *     extractable key is not 32 bytes long
   */
  public static EncryptionKey of(String id, SecretKey key) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(key, "key");
    checkId(id);
    if (!"AES".equalsIgnoreCase(key.getAlgorithm())) {
      throw new IllegalArgumentException(
          "encryption key algorithm must be AES but was " + key.getAlgorithm());
    }
    byte[] encoded = key.getEncoded();
    if (encoded != null) {
      int length = encoded.length;
      Arrays.fill(encoded, (byte) 0);
      if (length != KEY_BYTES) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "encryption key must be %d bytes but was %d bytes",
                KEY_BYTES,
                length));
      }
    }
    return new EncryptionKey(id, key);
  }

  /**
   * Generates a new random key with {@link SecureRandom}, for tests and for tools that provision
   * keys.
   *
   * @param id the key id: 1 to {@value #MAX_ID_LENGTH} characters of {@code A-Z a-z 0-9 . _ -}
   * @return a new key
   * @throws IllegalArgumentException if the id is invalid
   */
  public static EncryptionKey generate(String id) {
    Objects.requireNonNull(id, "id");
    checkId(id);
    byte[] raw = new byte[KEY_BYTES];
    RandomHolder.RANDOM.nextBytes(raw);
    try {
      return new EncryptionKey(id, new SecretKeySpec(raw, "AES"));
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /**
   * Parses a key from Base64 text, e.g. a configuration value.
   *
   * <p>Accepted: the standard and the URL-safe Base64 alphabets, with or without {@code =} padding,
   * surrounded by ASCII white space (a trailing newline from a file). The text must decode to
   * exactly {@value #KEY_BYTES} bytes.
   *
   * @param id the key id: 1 to {@value #MAX_ID_LENGTH} characters of {@code A-Z a-z 0-9 . _ -}
   * @param base64 the key in Base64
   * @return the key
   * @throws IllegalArgumentException if the id is invalid, the text is not Base64 (the message
   *     names the position, never the text) or does not decode to 32 bytes
   */
  public static EncryptionKey fromBase64(String id, CharSequence base64) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(base64, "base64");
    checkId(id);
    return parse(id, base64, "encryption key");
  }

  /**
   * Reads a key from an environment variable that holds it in Base64.
   *
   * <p>Generate a value with {@code openssl rand -base64 32}. The messages of the exceptions name
   * the variable and what is wrong with it, never its value.
   *
   * @param id the key id: 1 to {@value #MAX_ID_LENGTH} characters of {@code A-Z a-z 0-9 . _ -}
   * @param variable the name of the environment variable, e.g. {@code OTPKIT_SECRET_KEY}
   * @return the key
   * @throws IllegalArgumentException if the id is invalid, the variable is not set or empty, is not
   *     Base64 or does not decode to 32 bytes
   */
  public static EncryptionKey fromEnvironment(String id, String variable) {
    return fromEnvironment(id, variable, System::getenv);
  }

  /**
   * Reads a key from a variable looked up in the given environment; visible for tests.
   *
   * @param id the key id
   * @param variable the variable's name
   * @param environment looks a variable up, {@code null} if it is not set
   * @return the key
   */
  static EncryptionKey fromEnvironment(
      String id, String variable, Function<String, @Nullable String> environment) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(variable, "variable");
    checkId(id);
    String source = "environment variable " + variable;
    String value = environment.apply(variable);
    if (value == null) {
      throw new IllegalArgumentException(
          source
              + " is not set; it must hold a 32-byte AES key in Base64"
              + " (generate one with: openssl rand -base64 32)");
    }
    return parse(id, value, source);
  }

  private static EncryptionKey parse(String id, CharSequence text, String source) {
    int n = text.length();
    int start = 0;
    int end = n;
    while (start < end && isAsciiSpace(text.charAt(start))) {
      start++;
    }
    while (end > start && isAsciiSpace(text.charAt(end - 1))) {
      end--;
    }
    if (start == end) {
      throw new IllegalArgumentException(
          source
              + " is empty; it must hold a 32-byte AES key in Base64"
              + " (generate one with: openssl rand -base64 32)");
    }
    byte[] ascii = new byte[end - start + 2];
    int count = 0;
    int paddingFrom = -1;
    try {
      for (int i = start; i < end; i++) {
        char c = text.charAt(i);
        if (c == '=') {
          if (paddingFrom < 0) {
            paddingFrom = i;
          }
          continue;
        }
        boolean valid =
            (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || c == '+'
                || c == '/'
                || c == '-'
                || c == '_';
        if (!valid || paddingFrom >= 0) {
          throw new IllegalArgumentException(
              String.format(
                  Locale.ROOT,
                  "%s is not valid Base64 (invalid character at position %d)",
                  source,
                  (valid ? paddingFrom : i) + 1));
        }
        ascii[count++] = (byte) (c == '-' ? '+' : c == '_' ? '/' : c);
      }
      if (count % 4 == 1) {
        throw new IllegalArgumentException(source + " is not valid Base64 (impossible length)");
      }
      while (count % 4 != 0) {
        ascii[count++] = '=';
      }
      byte[] raw;
      try {
        raw = Base64.getDecoder().decode(Arrays.copyOf(ascii, count));
      } catch (IllegalArgumentException e) {
        // The JDK's message quotes the offending character: never pass it on.
        throw new IllegalArgumentException(source + " is not valid Base64");
      }
      try {
        if (raw.length != KEY_BYTES) {
          throw new IllegalArgumentException(
              String.format(
                  Locale.ROOT,
                  "%s must hold a %d-byte AES key in Base64 but holds %d bytes"
                      + " (generate one with: openssl rand -base64 32)",
                  source,
                  KEY_BYTES,
                  raw.length));
        }
        return new EncryptionKey(id, new SecretKeySpec(raw, "AES"));
      } finally {
        Arrays.fill(raw, (byte) 0);
      }
    } finally {
      Arrays.fill(ascii, (byte) 0);
    }
  }

  private static boolean isAsciiSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  /**
   * Validates a key id.
   *
   * @param id the id
   * @throws IllegalArgumentException if it is empty, too long or has a character other than {@code
   *     A-Z a-z 0-9 . _ -}
   */
  static void checkId(String id) {
    if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "key id must be 1 to %d characters long but was %d",
              MAX_ID_LENGTH,
              id.length()));
    }
    int bad = Ids.firstInvalidChar(id);
    if (bad >= 0) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "key id may contain only A-Z, a-z, 0-9, '.', '_' and '-'"
                  + " (invalid character at position %d)",
              bad + 1));
    }
  }

  /**
   * Returns the key id, which is stored with every ciphertext.
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * Gives the JCA key to the cipher in this package.
   *
   * @return the key, never to be exposed
   */
  SecretKey secretKey() {
    return key;
  }

  /**
   * Returns a redacted description that contains only the key id.
   *
   * @return e.g. {@code EncryptionKey[id 2026-11, AES-256, redacted]}
   */
  @Override
  public String toString() {
    return "EncryptionKey[id " + id + ", AES-256, redacted]";
  }
}
