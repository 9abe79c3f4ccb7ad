package io.github.otpkit.totp;

import io.github.otpkit.totp.internal.Base32Text;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * The shared secret key of an HOTP or TOTP account.
 *
 * <p>Bytes are copied in and out; the key never appears in {@link #toString()} or in an exception
 * message. Raw access goes only through the loudly named {@link #revealBytes()}, {@link
 * #revealBase32()} and {@link #revealBase32Grouped()}. There is no {@code equals} over key bytes;
 * use {@link #sameKeyAs(OtpSecret)}, which compares in constant time.
 *
 * <h2>Lengths</h2>
 *
 * <ul>
 *   <li>{@link #generate()} makes {@value #DEFAULT_BYTES} bytes (160 bits, RFC 4226 R6), 32 Base32
 *       characters without padding; {@link #generate(int)} makes {@value #MIN_BYTES} to {@value
 *       #MAX_BYTES} bytes.
 *   <li>Parsing accepts {@value #LEGACY_MIN_BYTES} to {@value #MAX_BYTES} bytes, so that codes can
 *       be computed for the 80-bit secrets many services still issue. {@link #isStrong()} tells
 *       whether a secret meets the RFC minimum of 128 bits; verifiers and enrollments insist on it.
 * </ul>
 *
 * <h2>Thread safety</h2>
 *
 * Immutable and thread-safe.
 */
public final class OtpSecret {
  /** Bytes in a generated secret: 20 (160 bits), the length RFC 4226 recommends. */
  public static final int DEFAULT_BYTES = 20;

  /** The shortest secret that may be generated, verified or enrolled: 16 bytes (128 bits). */
  public static final int MIN_BYTES = 16;

  /** The shortest secret accepted for computing codes of existing accounts: 10 bytes (80 bits). */
  public static final int LEGACY_MIN_BYTES = 10;

  /** The longest secret accepted: 64 bytes (the HMAC-SHA-512 output size). */
  public static final int MAX_BYTES = 64;

  private static final class RandomHolder {
    static final SecureRandom RANDOM = new SecureRandom();
  }

  private final byte[] key;

  private OtpSecret(byte[] key) {
    this.key = key;
  }

  /**
   * Generates a new random 160-bit secret with {@link SecureRandom}.
   *
   * @return a new secret of {@value #DEFAULT_BYTES} bytes
   */
  public static OtpSecret generate() {
    return generate(DEFAULT_BYTES);
  }

  /**
   * Generates a new random secret of the given length with {@link SecureRandom}.
   *
   * @param bytes {@value #MIN_BYTES} to {@value #MAX_BYTES}
   * @return a new secret
   * @throws IllegalArgumentException if {@code bytes} is out of range
   */
  public static OtpSecret generate(int bytes) {
    return generate(bytes, RandomHolder.RANDOM);
  }

  /**
   * Generates a new random secret with the given {@link SecureRandom}.
   *
   * @param bytes {@value #MIN_BYTES} to {@value #MAX_BYTES}
   * @param random the source of randomness
   * @return a new secret
   * @throws IllegalArgumentException if {@code bytes} is out of range
   */
  public static OtpSecret generate(int bytes, SecureRandom random) {
    Objects.requireNonNull(random, "random");
    if (bytes < MIN_BYTES || bytes > MAX_BYTES) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "secret length must be %d to %d bytes but was %d",
              MIN_BYTES,
              MAX_BYTES,
              bytes));
    }
    byte[] key = new byte[bytes];
    random.nextBytes(key);
    return new OtpSecret(key);
  }

  /**
   * Parses a Base32 secret as people and apps write it.
   *
   * <p>Accepted: upper or lower case, ASCII spaces and hyphens anywhere, {@code =} padding at the
   * end or none. Rejected with an {@link InvalidSecretException} that names the position or the
   * rule: any other character, a length that cannot encode whole bytes, non-zero trailing bits, and
   * a decoded length outside {@value #LEGACY_MIN_BYTES} to {@value #MAX_BYTES} bytes.
   *
   * @param base32 the Base32 text
   * @return the secret
   * @throws InvalidSecretException if the text is not an acceptable secret
   */
  public static OtpSecret fromBase32(CharSequence base32) {
    Objects.requireNonNull(base32, "base32");
    byte[] key;
    try {
      key = Base32Text.decode(base32);
    } catch (Base32Text.MalformedException e) {
      // The message names a position or a rule, never the text.
      throw new InvalidSecretException(e.getMessage());
    }
    try {
      checkLength(key.length);
    } catch (InvalidSecretException e) {
      Arrays.fill(key, (byte) 0);
      throw e;
    }
    return new OtpSecret(key);
  }

  /**
   * Creates a secret from raw key bytes, which are copied.
   *
   * @param key {@value #LEGACY_MIN_BYTES} to {@value #MAX_BYTES} bytes
   * @return the secret
   * @throws InvalidSecretException if the length is out of range
   */
  public static OtpSecret fromBytes(byte[] key) {
    Objects.requireNonNull(key, "key");
    checkLength(key.length);
    return new OtpSecret(key.clone());
  }

  private static void checkLength(int length) {
    if (length < LEGACY_MIN_BYTES) {
      throw new InvalidSecretException(
          String.format(
              Locale.ROOT,
              "secret must be at least %d bytes (16 Base32 characters) but was %d bytes",
              LEGACY_MIN_BYTES,
              length));
    }
    if (length > MAX_BYTES) {
      throw new InvalidSecretException(
          String.format(
              Locale.ROOT, "secret must be at most %d bytes but was %d bytes", MAX_BYTES, length));
    }
  }

  /**
   * Returns the key length in bytes.
   *
   * @return {@value #LEGACY_MIN_BYTES} to {@value #MAX_BYTES}
   */
  public int length() {
    return key.length;
  }

  /**
   * Tells whether the secret has at least {@value #MIN_BYTES} bytes (128 bits), the minimum of RFC
   * 4226 R6 that verifiers and enrollments require.
   *
   * @return {@code true} if the secret is long enough to verify codes with
   */
  public boolean isStrong() {
    return key.length >= MIN_BYTES;
  }

  /**
   * Returns a copy of the raw key bytes. The caller is responsible for keeping them secret.
   *
   * @return a new array with the key
   */
  public byte[] revealBytes() {
    return key.clone();
  }

  /**
   * Returns the key as upper-case Base32 without padding, the form otpauth URIs carry. The caller
   * is responsible for keeping it secret.
   *
   * @return the Base32 key
   */
  public String revealBase32() {
    return Base32Text.encode(key);
  }

  /**
   * Returns the key as upper-case Base32 in groups of four separated by spaces ({@code ABCD EFGH
   * ...}), for people who type it into an app. The caller is responsible for keeping it secret.
   *
   * @return the grouped Base32 key
   */
  public String revealBase32Grouped() {
    return Base32Text.group(revealBase32());
  }

  /**
   * Compares two secrets in constant time (for equal lengths).
   *
   * @param other the other secret
   * @return {@code true} if both hold the same key bytes
   */
  public boolean sameKeyAs(OtpSecret other) {
    Objects.requireNonNull(other, "other");
    return MessageDigest.isEqual(key, other.key);
  }

  /**
   * Returns a redacted description that contains only the key length.
   *
   * @return e.g. {@code OtpSecret[20 bytes, redacted]}
   */
  @Override
  public String toString() {
    return "OtpSecret[" + key.length + " bytes, redacted]";
  }

  /**
   * Gives the key to code in this package without a copy.
   *
   * @return the internal array, never to be modified or exposed
   */
  byte[] keyForEngine() {
    return key;
  }
}
