package io.github.otpkit.totp.benchmarks;

import com.bastiaanjansen.otp.TOTPGenerator;
import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import com.warrenstrange.googleauth.GoogleAuthenticator;
import com.warrenstrange.googleauth.GoogleAuthenticatorConfig;
import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.DefaultCodeVerifier;
import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.auth.TotpVerifier;
import io.github.otpkit.totp.store.InMemoryStore;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Verify a TOTP code at sign-in with a window of one step each side (three candidates), the secret
 * given with the call and no state store: the valid code is the current step's, the wrong code
 * matches no step of the window.
 *
 * <p>The secret arrives in each library's own form, already decrypted by the portal: otpkit an
 * {@link OtpSecret}, java-otp a {@code SecretKeySpec}, the floor raw bytes, the others their Base32
 * text (they take nothing else). The typed code arrives as a {@code String}.
 *
 * <ul>
 *   <li>{@code floor}: floor (b), {@link Floor#verify}: pads prepared once per call, then three
 *       candidates, eight compressions in all; the code as an already parsed {@code int}.
 *   <li>{@code otpkit}: {@link TotpVerifier#matchWithoutReplayProtection} on a verifier built once:
 *       strict parse, key prepared once per call, every candidate computed and compared in constant
 *       time.
 *   <li>{@code otpkitFromBase32}: the same after {@link OtpSecret#fromBase32} of the secret text,
 *       for portals that keep the secret as Base32 (like the peers).
 *   <li>{@code googleAuth}: googleauth 1.5.0 {@code authorize(String secret, int code, long
 *       millis)} with window size 3 (its default; steps -1..+1) on an authenticator made once, the
 *       code through {@code Integer.parseInt} (its API takes an {@code int}). Per call one Base32
 *       decode, then per candidate {@code Mac.getInstance} and {@code init}; exits at the first
 *       match.
 *   <li>{@code javaTotp}: java-totp 1.7.1 {@code DefaultCodeVerifier.isValidCode(String secret,
 *       String code)}, discrepancy 1 (its default), a fixed {@code TimeProvider}; per candidate a
 *       Base32 decode, {@code Mac.getInstance}, {@code init} and {@code String.format}; checks
 *       every candidate.
 *   <li>{@code otpJava}: otp-java 2.1.0 {@code TOTPGenerator.verify(String code, int window)},
 *       window 1, on a generator built for the call (its secret is bound at build time; building
 *       costs no crypto); per candidate a Base32 decode and {@code Mac.getInstance}; exits at the
 *       first match.
 *   <li>{@code javaOtp}: java-otp 0.4.0 has no verify API (0.4.0 is the latest on Maven Central),
 *       so a caller loops over the three steps with {@code generateOneTimePassword(Key, Instant)}
 *       and compares {@code int}s; per candidate a {@code Mac} clone and {@code init}. Reported,
 *       but it is not a "peer that can verify" for the targets.
 * </ul>
 */
public class VerifyBenchmark extends AverageTimeBenchmark {
  private static final Duration PERIOD = Duration.ofSeconds(30);

  /** {@code valid}: the current step's code; {@code wrong}: no step of the window matches. */
  @Param({"valid", "wrong"})
  public String code = "valid";

  // Not final, so that the JIT cannot fold the inputs.
  String typed = "";
  int parsed;
  Instant now = Fixtures.NOW;
  long nowMillis = Fixtures.NOW_MILLIS;
  byte[] secretBytes = Fixtures.SECRET_BYTES.clone();
  String secretBase32 = Fixtures.SECRET_BASE32;
  byte[] secretBase32Bytes = Fixtures.SECRET_BASE32.getBytes(StandardCharsets.US_ASCII);
  OtpSecret secret = OtpSecret.fromBase32(Fixtures.SECRET_BASE32);
  SecretKeySpec javaOtpKey = new SecretKeySpec(Fixtures.SECRET_BYTES, "HmacSHA1");

  final TotpVerifier otpkit = TotpVerifier.builder(InMemoryStore.create()).build();
  final GoogleAuthenticator googleAuth = new GoogleAuthenticator(new GoogleAuthenticatorConfig());
  final DefaultCodeVerifier javaTotp =
      new DefaultCodeVerifier(new DefaultCodeGenerator(), () -> Fixtures.NOW.getEpochSecond());
  final Clock clock = Clock.fixed(Fixtures.NOW, ZoneOffset.UTC);
  final TimeBasedOneTimePasswordGenerator javaOtp = new TimeBasedOneTimePasswordGenerator();

  /** Picks the code of the parameter. */
  @Setup
  public void setUp() {
    Fixtures.compileDigestApart();
    typed =
        switch (code) {
          case "valid" -> Fixtures.totpCode(Fixtures.STEP);
          case "wrong" -> Fixtures.wrongCode(Fixtures.STEP - 1, 3);
          default -> throw new IllegalArgumentException("code must be valid or wrong");
        };
    parsed = Integer.parseInt(typed);
  }

  @Benchmark
  public boolean floor() {
    return Floor.verify(secretBytes, parsed, Fixtures.STEP - 1, 3);
  }

  @Benchmark
  public OptionalLong otpkit() {
    return otpkit.matchWithoutReplayProtection(secret, typed, now);
  }

  @Benchmark
  public OptionalLong otpkitFromBase32() {
    return otpkit.matchWithoutReplayProtection(OtpSecret.fromBase32(secretBase32), typed, now);
  }

  @Benchmark
  public boolean googleAuth() {
    return googleAuth.authorize(secretBase32, Integer.parseInt(typed), nowMillis);
  }

  @Benchmark
  public boolean javaTotp() {
    return javaTotp.isValidCode(secretBase32, typed);
  }

  @Benchmark
  public boolean otpJava() {
    return new TOTPGenerator.Builder(secretBase32Bytes).withClock(clock).build().verify(typed, 1);
  }

  @Benchmark
  public boolean javaOtp() throws InvalidKeyException {
    int value = Integer.parseInt(typed);
    int match = 0;
    for (int offset = -1; offset <= 1; offset++) {
      int difference =
          javaOtp.generateOneTimePassword(javaOtpKey, now.plus(PERIOD.multipliedBy(offset)))
              ^ value;
      match |= ((difference | -difference) >>> 31) ^ 1;
    }
    return match == 1;
  }
}
