package io.github.otpkit.totp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otpkit.totp.HmacAlgorithm;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OtpEngineTest {
  private static final long SEED = 0x5EED_0001L;

  static OtpEngine prepare(HmacAlgorithm algorithm, byte[] key) {
    return HmacKeys.of(algorithm.digestName(), algorithm.blockBytes(), algorithm.outputBytes())
        .prepare(key);
  }

  /** Truncation as RFC 4226 section 5.3 describes it, over the JCA's own HMAC. */
  static int referenceTruncation(Mac mac, long counter) {
    byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(counter).array());
    int offset = hash[hash.length - 1] & 0x0f;
    return ((hash[offset] & 0x7f) << 24)
        | ((hash[offset + 1] & 0xff) << 16)
        | ((hash[offset + 2] & 0xff) << 8)
        | (hash[offset + 3] & 0xff);
  }

  @ParameterizedTest
  @EnumSource(HmacAlgorithm.class)
  void truncatedValue_randomKeysAndCounters_equalsJcaMac(HmacAlgorithm algorithm)
      throws GeneralSecurityException {
    long seed = SEED + algorithm.outputBytes();
    SplittableRandom random = new SplittableRandom(seed);
    // Every length from 1 to 200 bytes: crosses the 64- and 128-byte block sizes, where keys
    // switch from zero-padding to being hashed first (RFC 2104 section 2).
    int[] lengths = IntStream.rangeClosed(1, 200).toArray();
    int compared = 0;
    for (int length : lengths) {
      byte[] key = new byte[length];
      random.nextBytes(key);
      OtpEngine engine = prepare(algorithm, key);
      Mac mac = Mac.getInstance(algorithm.jcaName());
      mac.init(new SecretKeySpec(key, algorithm.jcaName()));
      for (int i = 0; i < 25; i++) {
        long counter =
            switch (i) {
              case 0 -> 0L;
              case 1 -> Long.MAX_VALUE;
              case 2 -> Long.MIN_VALUE;
              case 3 -> -1L;
              case 4 -> 1L << 32;
              default -> i % 2 == 0 ? random.nextLong() : random.nextLong(1L << 40);
            };
        int expected = referenceTruncation(mac, counter);
        String context =
            String.format(
                java.util.Locale.ROOT,
                "seed=%d algorithm=%s keyLength=%d counter=%d",
                seed,
                algorithm,
                length,
                counter);
        assertThat(engine.truncatedValue(counter)).as(context).isEqualTo(expected);
        for (int digits = 6; digits <= 8; digits++) {
          assertThat(engine.code(counter, digits))
              .as(context + " digits=" + digits)
              .isEqualTo(expected % Digits.power(digits));
        }
        compared++;
      }
    }
    assertThat(compared).isEqualTo(200 * 25);
  }

  @Test
  void truncatedValue_sameEngineFromManyThreads_staysCorrect() throws Exception {
    byte[] key = new byte[20];
    new SplittableRandom(SEED).nextBytes(key);
    OtpEngine engine = prepare(HmacAlgorithm.SHA1, key);
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(key, "HmacSHA1"));
    int[] expected = new int[2000];
    for (int c = 0; c < expected.length; c++) {
      expected[c] = referenceTruncation(mac, c);
    }
    // The engine clones prepared digests; parallel callers must never see each other's state.
    boolean allEqual =
        IntStream.range(0, 8 * expected.length)
            .parallel()
            .allMatch(
                i -> engine.truncatedValue(i % expected.length) == expected[i % expected.length]);
    assertThat(allEqual).isTrue();
  }
}
