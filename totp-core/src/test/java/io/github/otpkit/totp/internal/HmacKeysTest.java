package io.github.otpkit.totp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otpkit.totp.HmacAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.MessageDigestSpi;
import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class HmacKeysTest {
  private static final String UNCLONEABLE_PROVIDER = "OtpkitUncloneableDigest";

  /** A SHA-1 that refuses to be cloned, as some providers' digests do. */
  public static final class UncloneableSha1 extends MessageDigestSpi {
    private final MessageDigest delegate;

    public UncloneableSha1() throws GeneralSecurityException {
      this.delegate = MessageDigest.getInstance("SHA-1", "SUN");
    }

    @Override
    protected void engineUpdate(byte input) {
      delegate.update(input);
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int len) {
      delegate.update(input, offset, len);
    }

    @Override
    protected byte[] engineDigest() {
      return delegate.digest();
    }

    @Override
    protected void engineReset() {
      delegate.reset();
    }
  }

  private static HmacKeys keys(HmacAlgorithm algorithm) {
    return HmacKeys.of(algorithm.digestName(), algorithm.blockBytes(), algorithm.outputBytes());
  }

  /** {@code HOTP(K, counter) mod 10^digits} over the JCA's own HMAC, the independent reference. */
  private static int reference(HmacAlgorithm algorithm, byte[] key, long counter, int digits)
      throws GeneralSecurityException {
    Mac mac = Mac.getInstance(algorithm.jcaName());
    mac.init(new SecretKeySpec(key, algorithm.jcaName()));
    return OtpEngineTest.referenceTruncation(mac, counter) % Digits.power(digits);
  }

  @ParameterizedTest(name = "HOTP counter {0} = {1}")
  @CsvSource({
    "0, 755224", "1, 287082", "2, 359152", "3, 969429", "4, 338314",
    "5, 254676", "6, 287922", "7, 162583", "8, 399871", "9, 520489"
  })
  void prepare_rfc4226AppendixD_matchesVectors(long counter, int expected) {
    byte[] seed = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    assertThat(keys(HmacAlgorithm.SHA1).prepare(seed, 6).code(counter)).isEqualTo(expected);
    assertThat(keys(HmacAlgorithm.SHA1).prepare(seed).code(counter, 6)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(HmacAlgorithm.class)
  void prepare_randomKeysCountersAndDigits_equalsJcaMac(HmacAlgorithm algorithm)
      throws GeneralSecurityException {
    long seed = 0x5eed_0001L + algorithm.outputBytes();
    SplittableRandom random = new SplittableRandom(seed);
    HmacKeys keys = keys(algorithm);
    for (int round = 0; round < 200; round++) {
      byte[] key = new byte[10 + random.nextInt(55)];
      random.nextBytes(key);
      int digits = 6 + random.nextInt(3);
      long counter = round < 100 ? random.nextLong(0, 100_000) : random.nextLong(0, Long.MAX_VALUE);

      int expected = reference(algorithm, key, counter, digits);

      assertThat(keys.prepare(key, digits).code(counter))
          .as("seed %d round %d", seed, round)
          .isEqualTo(expected);
      assertThat(keys.prepare(key).code(counter, digits))
          .as("seed %d round %d", seed, round)
          .isEqualTo(expected);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(HmacAlgorithm.class)
  void prepare_sameSourceManyCounters_eachCodeIndependentOfThePrevious(HmacAlgorithm algorithm)
      throws GeneralSecurityException {
    byte[] key = new byte[20];
    new SplittableRandom(7).nextBytes(key);
    CodeSource codes = keys(algorithm).prepare(key, 6);

    for (long counter = 0; counter < 50; counter++) {
      assertThat(codes.code(counter)).isEqualTo(reference(algorithm, key, counter, 6));
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(HmacAlgorithm.class)
  void codes_ofASharedEngine_neverChangeTheEngine(HmacAlgorithm algorithm)
      throws GeneralSecurityException {
    byte[] key = new byte[32];
    new SplittableRandom(23).nextBytes(key);
    OtpEngine engine = keys(algorithm).prepare(key);

    for (int round = 0; round < 3; round++) {
      CodeSource codes = engine.codes(8);
      assertThat(codes.code(round)).isEqualTo(reference(algorithm, key, round, 8));
      assertThat(codes.code(100 + round)).isEqualTo(reference(algorithm, key, 100 + round, 8));
    }
    assertThat(engine.code(7, 8)).isEqualTo(reference(algorithm, key, 7, 8));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(HmacAlgorithm.class)
  void prepare_keyLongerThanBlock_hashedFirstLikeRfc2104(HmacAlgorithm algorithm)
      throws GeneralSecurityException {
    // OtpSecret caps keys at 64 bytes, so only this level sees keys longer than SHA-1's block.
    byte[] key = new byte[algorithm.blockBytes() + 7];
    new SplittableRandom(11).nextBytes(key);

    assertThat(keys(algorithm).prepare(key, 8).code(123_456_789L))
        .isEqualTo(reference(algorithm, key, 123_456_789L, 8));
  }

  @Test
  void prepare_callerWipesTheKeyAfterwards_codesUnchanged() throws GeneralSecurityException {
    byte[] key = new byte[20];
    new SplittableRandom(29).nextBytes(key);
    int expected = reference(HmacAlgorithm.SHA1, key, 5, 6);
    byte[] copy = key.clone();

    OtpEngine engine = keys(HmacAlgorithm.SHA1).prepare(copy);
    CodeSource codes = keys(HmacAlgorithm.SHA1).prepare(copy, 6);
    Arrays.fill(copy, (byte) 0);

    assertThat(engine.code(5, 6)).isEqualTo(expected);
    assertThat(codes.code(5)).isEqualTo(expected);
  }

  @Test
  void of_unknownDigest_rejectedWithItsName() {
    assertThatThrownBy(() -> HmacKeys.of("NO-SUCH-DIGEST", 64, 20))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("NO-SUCH-DIGEST is not available in this JVM");
  }

  @Test
  void of_digestThatCannotBeCloned_rejectedUpFront() {
    Provider provider =
        new Provider(UNCLONEABLE_PROVIDER, "1.0", "a SHA-1 without clone() for a test") {
          private static final long serialVersionUID = 1L;
        };
    provider.put("MessageDigest.OTPKIT-UNCLONEABLE", UncloneableSha1.class.getName());
    Security.addProvider(provider);
    try {
      assertThatThrownBy(() -> HmacKeys.of("OTPKIT-UNCLONEABLE", 64, 20))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "OTPKIT-UNCLONEABLE of provider OtpkitUncloneableDigest cannot be cloned, which"
                  + " otpkit needs to compute codes");
    } finally {
      Security.removeProvider(UNCLONEABLE_PROVIDER);
    }
  }
}
