package io.github.otpkit.totp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

  @ParameterizedTest(name = "{0}")
  @EnumSource(HmacAlgorithm.class)
  void lastCode_preparedForOneCall_sameValueAsCodeThenSpent(HmacAlgorithm algorithm) {
    byte[] key = randomKey(17);
    HotpGenerator generator = generator(key, algorithm, 7);
    CodeSource codes = HmacKeys.of(algorithm).prepare(key.clone(), 7);

    assertThat(codes.code(41)).isEqualTo(generator.generateValue(41));
    assertThat(codes.lastCode(42)).isEqualTo(generator.generateValue(42));
    assertThatThrownBy(() -> codes.code(43))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the prepared key was used up by lastCode");
    assertThatThrownBy(() -> codes.lastCode(43)).isInstanceOf(IllegalStateException.class);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(HmacAlgorithm.class)
  void lastCode_macFallback_sameValueAsCode(HmacAlgorithm algorithm) {
    byte[] key = randomKey(19);
    HotpGenerator generator = generator(key, algorithm, 6);
    CodeSource codes = HmacKeys.withMacFallback(algorithm).prepare(key.clone(), 6);

    assertThat(codes.lastCode(5)).isEqualTo(generator.generateValue(5));
    assertThat(codes.code(6)).isEqualTo(generator.generateValue(6));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(HmacAlgorithm.class)
  void lastCode_sharedEngine_neverSpendsTheEngine(HmacAlgorithm algorithm) {
    byte[] key = randomKey(23);
    HotpGenerator generator = generator(key, algorithm, 6);
    OtpEngine engine = HmacKeys.of(algorithm).prepare(key.clone());

    for (int round = 0; round < 3; round++) {
      CodeSource codes = engine.codes(6);
      assertThat(codes.lastCode(round)).isEqualTo(generator.generateValue(round));
      assertThat(codes.code(100 + round)).isEqualTo(generator.generateValue(100 + round));
    }
    assertThat(engine.code(7, 6)).isEqualTo(generator.generateValue(7));
  }

  private static byte[] randomKey(long seed) {
    byte[] key = new byte[20];
    new SplittableRandom(seed).nextBytes(key);
    return key;
  }

  private static HotpGenerator generator(byte[] key, HmacAlgorithm algorithm, int digits) {
    return HotpGenerator.create(OtpSecret.fromBytes(key), new HotpParameters(algorithm, digits));
  }
}
