package io.github.otpkit.totp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otpkit.totp.HmacAlgorithm;
import io.github.otpkit.totp.HotpGenerator;
import io.github.otpkit.totp.HotpParameters;
import io.github.otpkit.totp.OtpSecret;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class HmacKeysTest {

  @ParameterizedTest(name = "HOTP counter {0} = {1}")
  @CsvSource({
    "0, 755224", "1, 287082", "2, 359152", "3, 969429", "4, 338314",
    "5, 254676", "6, 287922", "7, 162583", "8, 399871", "9, 520489"
  })
  void prepare_rfc4226AppendixD_matchesVectors(long counter, int expected) {
    byte[] seed = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    assertThat(HmacKeys.of(HmacAlgorithm.SHA1).prepare(seed, 6).code(counter)).isEqualTo(expected);
    assertThat(HmacKeys.withMacFallback(HmacAlgorithm.SHA1).prepare(seed, 6).code(counter))
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(HmacAlgorithm.class)
  void prepare_randomKeysCountersAndDigits_agreesWithGenerator(HmacAlgorithm algorithm) {
    long seed = 0x5eed_0001L + algorithm.outputBytes();
    SplittableRandom random = new SplittableRandom(seed);
    HmacKeys fast = HmacKeys.of(algorithm);
    HmacKeys fallback = HmacKeys.withMacFallback(algorithm);
    assertThat(fast.usesPreparedDigests()).isTrue();
    assertThat(fallback.usesPreparedDigests()).isFalse();
    for (int round = 0; round < 200; round++) {
      byte[] key = new byte[10 + random.nextInt(55)];
      random.nextBytes(key);
      int digits = 6 + random.nextInt(3);
      long counter = round < 100 ? random.nextLong(0, 100_000) : random.nextLong(0, Long.MAX_VALUE);
      HotpGenerator generator =
          HotpGenerator.create(OtpSecret.fromBytes(key), new HotpParameters(algorithm, digits));

      int expected = generator.generateValue(counter);

      assertThat(fast.prepare(key, digits).code(counter))
          .as("seed %d round %d", seed, round)
          .isEqualTo(expected);
      assertThat(fallback.prepare(key, digits).code(counter))
          .as("seed %d round %d", seed, round)
          .isEqualTo(expected);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(HmacAlgorithm.class)
  void prepare_sameSourceManyCounters_eachCodeIndependentOfThePrevious(HmacAlgorithm algorithm) {
    byte[] key = new byte[20];
    new SplittableRandom(7).nextBytes(key);
    CodeSource codes = HmacKeys.of(algorithm).prepare(key, 6);
    HotpGenerator generator =
        HotpGenerator.create(OtpSecret.fromBytes(key), new HotpParameters(algorithm, 6));

    for (long counter = 0; counter < 50; counter++) {
      assertThat(codes.code(counter)).isEqualTo(generator.generateValue(counter));
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(HmacAlgorithm.class)
  void prepare_sharedEngine_fastPathAndMacFallbackAgreeWithGenerator(HmacAlgorithm algorithm) {
    SplittableRandom random = new SplittableRandom(13);
    byte[] key = new byte[32];
    random.nextBytes(key);
    OtpEngine fast = HmacKeys.of(algorithm).prepare(key);
    OtpEngine fallback = HmacKeys.withMacFallback(algorithm).prepare(key);
    HotpGenerator generator =
        HotpGenerator.create(OtpSecret.fromBytes(key), new HotpParameters(algorithm, 8));
    assertThat(fast.usesPreparedDigests()).isTrue();
    assertThat(fallback.usesPreparedDigests()).isFalse();

    for (int round = 0; round < 100; round++) {
      long counter = random.nextLong(0, Long.MAX_VALUE);
      int expected = generator.generateValue(counter);
      assertThat(fast.code(counter, 8)).as("round %d", round).isEqualTo(expected);
      assertThat(fallback.code(counter, 8)).as("round %d", round).isEqualTo(expected);
      assertThat(fallback.codes(8).code(counter)).as("round %d", round).isEqualTo(expected);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(HmacAlgorithm.class)
  void prepare_keyLongerThanBlock_hashedFirstLikeRfc2104(HmacAlgorithm algorithm) {
    // OtpSecret caps keys at 64 bytes, so compare with the JCA Mac directly.
    byte[] key = new byte[algorithm.blockBytes() + 7];
    new SplittableRandom(11).nextBytes(key);

    int fast = HmacKeys.of(algorithm).prepare(key, 8).code(123_456_789L);
    int reference = HmacKeys.withMacFallback(algorithm).prepare(key, 8).code(123_456_789L);

    assertThat(fast).isEqualTo(reference);
  }
}
