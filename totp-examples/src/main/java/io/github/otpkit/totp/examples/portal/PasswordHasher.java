package io.github.otpkit.totp.examples.portal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes with the JDK's PBKDF2 ({@code PBKDF2WithHmacSHA256}, RFC 8018 section 5.2).
 *
 * <p>Each hash has its own random 16-byte salt from {@link SecureRandom} and stores its iteration
 * count, so the count can be raised later without breaking old hashes. Encoded form: {@code
 * pbkdf2-sha256$ITERATIONS$SALT$HASH} with unpadded Base64. Comparison is constant-time.
 *
 * <p>Thread-safe.
 */
final class PasswordHasher {
  /** The iteration count for new hashes: OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
  static final int ITERATIONS = 210_000;

  static final int SALT_BYTES = 16;
  static final int HASH_BYTES = 32;
  private static final String SCHEME = "pbkdf2-sha256";
  private static final int MAX_ITERATIONS = 10_000_000;

  private final SecureRandom random;
  private final byte[] dummySalt;

  PasswordHasher(SecureRandom random) {
    this.random = random;
    this.dummySalt = new byte[SALT_BYTES];
    random.nextBytes(dummySalt);
  }

  /** Hashes a new password with a fresh salt. */
  String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] hash = pbkdf2(password, salt, ITERATIONS);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return SCHEME
        + "$"
        + ITERATIONS
        + "$"
        + b64.encodeToString(salt)
        + "$"
        + b64.encodeToString(hash);
  }

  /**
   * Tells whether a password matches an encoded hash, comparing in constant time.
   *
   * @throws IllegalArgumentException if the stored hash is not in our format
   */
  boolean matches(String password, String encoded) {
    String[] parts = encoded.split("\\$", -1);
    if (parts.length != 4 || !SCHEME.equals(parts[0])) {
      throw new IllegalArgumentException("stored password hash has an unknown format");
    }
    int iterations;
    byte[] salt;
    byte[] expected;
    try {
      iterations = Integer.parseInt(parts[1]);
      salt = Base64.getDecoder().decode(parts[2]);
      expected = Base64.getDecoder().decode(parts[3]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("stored password hash is malformed", e);
    }
    if (iterations < 1 || iterations > MAX_ITERATIONS || expected.length == 0) {
      throw new IllegalArgumentException("stored password hash is malformed");
    }
    byte[] actual = pbkdf2(password, salt, iterations, expected.length * 8);
    return MessageDigest.isEqual(actual, expected);
  }

  /**
   * Spends the same time as checking a password, for sign-ins with an unknown username, so that
   * response times do not tell which usernames exist.
   */
  void spendEquivalentTime(String password) {
    pbkdf2(password, dummySalt, ITERATIONS);
  }

  private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
    return pbkdf2(password, salt, iterations, HASH_BYTES * 8);
  }

  private static byte[] pbkdf2(String password, byte[] salt, int iterations, int bits) {
    char[] chars = password.toCharArray();
    PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, bits);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JVM", e);
    } finally {
      spec.clearPassword();
      Arrays.fill(chars, '\0');
    }
  }
}
