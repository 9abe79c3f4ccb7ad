package io.github.otpkit.totp;

import io.github.otpkit.totp.internal.Digits;
import io.github.otpkit.totp.internal.HmacKeys;
import io.github.otpkit.totp.internal.OtpEngine;
import java.util.Objects;

/**
 * Computes HOTP codes (RFC 4226): {@code Truncate(HMAC(K, C)) mod 10^digits} with an 8-byte
 * big-endian counter and the truncation offset taken from the last byte of the HMAC.
 *
 * <p>The key is prepared once when the generator is created; each code costs one HMAC over the
 * counter, with no Base32 decoding and no {@code Mac.getInstance}. Codes are ASCII digits,
 * zero-padded, whatever the default locale.
 *
 * <h2>Thread safety</h2>
 *
 * Immutable and thread-safe; create one per account and reuse it.
 */
public final class HotpGenerator {
  private final OtpEngine engine;
  private final HotpParameters parameters;

  private HotpGenerator(OtpSecret secret, HotpParameters parameters) {
    HmacAlgorithm a = parameters.algorithm();
    this.engine =
        HmacKeys.of(a.digestName(), a.blockBytes(), a.outputBytes()).prepare(secret.keyForEngine());
    this.parameters = parameters;
  }

  /**
   * Creates a generator with the default parameters (SHA-1, 6 digits).
   *
   * @param secret the shared secret
   * @return the generator
   * @throws IllegalStateException if the JVM has no digest for the algorithm, or one that cannot be
   *     cloned
   */
  public static HotpGenerator create(OtpSecret secret) {
    return create(secret, HotpParameters.DEFAULT);
  }

  /**
   * Creates a generator.
   *
   * @param secret the shared secret
   * @param parameters algorithm and digits
   * @return the generator
   * @throws IllegalStateException if the JVM has no digest for the algorithm, or one that cannot be
   *     cloned
   */
  public static HotpGenerator create(OtpSecret secret, HotpParameters parameters) {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(parameters, "parameters");
    return new HotpGenerator(secret, parameters);
  }

  /**
   * Returns the parameters.
   *
   * @return algorithm and digits
   */
  public HotpParameters parameters() {
    return parameters;
  }

  /**
   * Computes the code for a counter value.
   *
   * @param counter the counter, 0 or more
   * @return the code, exactly {@code digits} ASCII digits
   * @throws IllegalArgumentException if the counter is negative
   */
  public String generate(long counter) {
    return Digits.format(generateValue(counter), parameters.digits());
  }

  /**
   * Computes the code for a counter value as a number (leading zeros are lost; use {@link
   * #generate(long)} to show a code).
   *
   * @param counter the counter, 0 or more
   * @return the code's value, below {@code 10^digits}
   * @throws IllegalArgumentException if the counter is negative
   */
  public int generateValue(long counter) {
    if (counter < 0) {
      throw new IllegalArgumentException("counter must be 0 or more but was " + counter);
    }
    return engine.code(counter, parameters.digits());
  }

  /**
   * Returns a description without key material.
   *
   * @return e.g. {@code HotpGenerator[SHA1, 6 digits]}
   */
  @Override
  public String toString() {
    return "HotpGenerator[" + parameters.algorithm() + ", " + parameters.digits() + " digits]";
  }
}
