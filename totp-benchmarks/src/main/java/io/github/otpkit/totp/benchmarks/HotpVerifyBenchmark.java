package io.github.otpkit.totp.benchmarks;

import com.bastiaanjansen.otp.HOTPGenerator;
import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.auth.HotpVerifier;
import io.github.otpkit.totp.store.InMemoryStore;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Verify an HOTP code (RFC 4226) with a look-ahead of 10: the counters {@code C .. C+10} where
 * {@code C} is the next expected counter, eleven candidates; the secret given with the call, no
 * store. The valid code is the one of {@code C+3} (a user pressed the button three times unseen);
 * the wrong code matches none of the eleven.
 *
 * <ul>
 *   <li>{@code floor}: {@link Floor#verify} over the eleven counters: pads once, then two
 *       compressions per candidate, 24 compressions in all.
 *   <li>{@code otpkit}: {@link HotpVerifier#matchWithoutReplayProtection} with {@code
 *       lookAhead(10)}: every candidate computed and compared in constant time.
 *   <li>{@code otpJava}: otp-java 2.1.0 {@code HOTPGenerator.verify(code, C + 5, 5)} on a generator
 *       built for the call: its window is symmetric, so centring it on {@code C+5} with 5 each way
 *       covers exactly {@code C .. C+10}. Per candidate a Base32 decode and {@code
 *       Mac.getInstance}; exits at the first match. It is the only peer with HOTP verification
 *       (java-otp 0.4.0 and java-totp 1.7.1 generate HOTP codes only; googleauth has no HOTP).
 * </ul>
 */
public class HotpVerifyBenchmark extends AverageTimeBenchmark {
  static final int LOOK_AHEAD = 10;

  /** {@code valid}: the code of counter C+3; {@code wrong}: none of C..C+10 matches. */
  @Param({"valid", "wrong"})
  public String code = "valid";

  String typed = "";
  int parsed;
  long counter = Fixtures.COUNTER;
  byte[] secretBytes = Fixtures.SECRET_BYTES.clone();
  byte[] secretBase32Bytes = Fixtures.SECRET_BASE32.getBytes(StandardCharsets.US_ASCII);
  OtpSecret secret = OtpSecret.fromBase32(Fixtures.SECRET_BASE32);

  final HotpVerifier otpkit =
      HotpVerifier.builder(InMemoryStore.create()).lookAhead(LOOK_AHEAD).build();

  /** Picks the code of the parameter. */
  @Setup
  public void setUp() {
    Fixtures.compileDigestApart();
    typed =
        switch (code) {
          case "valid" -> Fixtures.hotpCode(Fixtures.COUNTER + 3);
          case "wrong" -> Fixtures.wrongCode(Fixtures.COUNTER - 1, LOOK_AHEAD + 2);
          default -> throw new IllegalArgumentException("code must be valid or wrong");
        };
    parsed = Integer.parseInt(typed);
  }

  @Benchmark
  public boolean floor() {
    return Floor.verify(secretBytes, parsed, counter, LOOK_AHEAD + 1);
  }

  @Benchmark
  public OptionalLong otpkit() {
    return otpkit.matchWithoutReplayProtection(secret, typed, counter);
  }

  @Benchmark
  public boolean otpJava() {
    return new HOTPGenerator.Builder(secretBase32Bytes)
        .build()
        .verify(typed, counter + LOOK_AHEAD / 2, LOOK_AHEAD / 2);
  }
}
