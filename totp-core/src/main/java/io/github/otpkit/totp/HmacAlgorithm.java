package io.github.otpkit.totp;

import java.util.Locale;
import java.util.Objects;

/**
 * The HMAC hash functions of RFC 4226 and RFC 6238.
 *
 * <p>{@link #SHA1} is the default and the only choice that Microsoft Authenticator and older Google
 * Authenticator versions honour; they silently compute SHA-1 codes for anything else. See {@link
 * OtpAuthUri#compatibility()}.
 */
public enum HmacAlgorithm {
  /** HMAC-SHA-1 (RFC 4226), 20-byte output, the default. */
  SHA1("HmacSHA1", "SHA-1", 20, 64),
  /** HMAC-SHA-256 (RFC 6238), 32-byte output. */
  SHA256("HmacSHA256", "SHA-256", 32, 64),
  /** HMAC-SHA-512 (RFC 6238), 64-byte output. */
  SHA512("HmacSHA512", "SHA-512", 64, 128);

  private final String jcaName;
  private final String digestName;
  private final int outputBytes;
  private final int blockBytes;

  HmacAlgorithm(String jcaName, String digestName, int outputBytes, int blockBytes) {
    this.jcaName = jcaName;
    this.digestName = digestName;
    this.outputBytes = outputBytes;
    this.blockBytes = blockBytes;
  }

  /**
   * Returns the JCA name of the MAC, e.g. {@code HmacSHA1}.
   *
   * @return the name for {@link javax.crypto.Mac#getInstance(String)}
   */
  public String jcaName() {
    return jcaName;
  }

  /**
   * Returns the JCA name of the underlying digest, e.g. {@code SHA-1}.
   *
   * @return the name for {@link java.security.MessageDigest#getInstance(String)}
   */
  public String digestName() {
    return digestName;
  }

  /**
   * Returns the length of the HMAC output in bytes, which is also the key length that RFC 6238
   * section 5.1 recommends.
   *
   * @return 20, 32 or 64
   */
  public int outputBytes() {
    return outputBytes;
  }

  /**
   * Returns the block size of the hash function in bytes (RFC 2104 {@code B}).
   *
   * @return 64 or 128
   */
  public int blockBytes() {
    return blockBytes;
  }

  /**
   * Returns the name used in the {@code algorithm} parameter of an otpauth URI.
   *
   * @return {@code SHA1}, {@code SHA256} or {@code SHA512}
   */
  public String uriName() {
    return name();
  }

  /**
   * Parses an algorithm name as used in otpauth URIs and on command lines.
   *
   * <p>Accepts {@code SHA1}, {@code SHA256}, {@code SHA512} in any case, with or without a hyphen
   * ({@code SHA-256}) or an {@code Hmac} prefix ({@code HmacSHA256}).
   *
   * @param name the name to parse
   * @return the algorithm
   * @throws IllegalArgumentException if the name is not one of the three algorithms
   */
  public static HmacAlgorithm fromName(String name) {
    Objects.requireNonNull(name, "name");
    String n = name.trim().toUpperCase(Locale.ROOT).replace("-", "");
    if (n.startsWith("HMAC")) {
      n = n.substring(4);
    }
    return switch (n) {
      case "SHA1" -> SHA1;
      case "SHA256" -> SHA256;
      case "SHA512" -> SHA512;
      default -> throw new IllegalArgumentException("algorithm must be SHA1, SHA256 or SHA512");
    };
  }
}
