package io.github.otpkit.totp.benchmarks;

import com.bastiaanjansen.otp.TOTPGenerator;
import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import com.warrenstrange.googleauth.GoogleAuthenticator;
import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.exceptions.CodeGenerationException;
import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.TotpGenerator;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.time.Instant;
import java.util.Locale;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;

/**
 * Generate one TOTP code (SHA-1, 6 digits, 30 s) with the key bound once, as a test suite or a code
 * generator does. Each library keeps whatever its API lets a caller keep between calls.
 *
 * <ul>
 *   <li>{@code floor}: floor (a), pads prepared once, two clones and two compressions per code
 *       ({@link Floor#code}); returns the value as an {@code int}.
 *   <li>{@code otpkit}: {@link TotpGenerator#generate(Instant)} on a generator created once (pads
 *       prepared once in the generator); returns the zero-padded {@code String}.
 *   <li>{@code otpkitValue}: {@link TotpGenerator#valueAtStep} of {@link TotpGenerator#stepAt};
 *       returns the {@code int}, like the floor.
 *   <li>{@code javaOtp}: java-otp 0.4.0 {@code generateOneTimePassword(Key, Instant)} on a
 *       generator and a {@code SecretKeySpec} made once; per code it clones its prototype {@code
 *       Mac}, runs {@code Mac.init(key)} (key pads: two more compressions) and {@code doFinal};
 *       returns the {@code int}.
 *   <li>{@code javaOtpString}: the same with {@code generateOneTimePasswordString(Key, Instant,
 *       Locale.ROOT)} ({@code String.format}).
 *   <li>{@code googleAuth}: googleauth 1.5.0 {@code getTotpPassword(String secret, long millis)} on
 *       an authenticator made once. It has no bound-key API: per code it builds a commons-codec
 *       {@code Base32}, upper-cases and decodes the secret, then {@code Mac.getInstance} and {@code
 *       init}; returns the {@code int}.
 *   <li>{@code javaTotp}: java-totp 1.7.1 {@code DefaultCodeGenerator.generate(String secret, long
 *       counter)}: per code a new {@code Base32} decode, {@code Mac.getInstance}, {@code init}, and
 *       {@code String.format}; returns the {@code String}.
 *   <li>{@code otpJava}: otp-java 2.1.0 {@code TOTPGenerator.at(Instant)} on a generator built
 *       once; per code it decodes its Base32 secret again and calls {@code Mac.getInstance};
 *       returns the {@code String}.
 * </ul>
 */
public class GenerateBenchmark extends AverageTimeBenchmark {
  // Not final, so that the JIT cannot fold the inputs.
  Instant now = Fixtures.NOW;
  long step = Fixtures.STEP;
  String secretBase32 = Fixtures.SECRET_BASE32;
  long nowMillis = Fixtures.NOW_MILLIS;

  final Floor floor = Floor.prepare(Fixtures.SECRET_BYTES);
  final TotpGenerator otpkit = TotpGenerator.create(OtpSecret.fromBase32(Fixtures.SECRET_BASE32));
  final TimeBasedOneTimePasswordGenerator javaOtp = new TimeBasedOneTimePasswordGenerator();
  final SecretKeySpec javaOtpKey = new SecretKeySpec(Fixtures.SECRET_BYTES, "HmacSHA1");
  final GoogleAuthenticator googleAuth = new GoogleAuthenticator();
  final DefaultCodeGenerator javaTotp = new DefaultCodeGenerator();
  final TOTPGenerator otpJava =
      new TOTPGenerator.Builder(Fixtures.SECRET_BASE32.getBytes(StandardCharsets.US_ASCII)).build();

  /** Same JIT state for every case: see {@link Fixtures#compileDigestApart()}. */
  @Setup(Level.Trial)
  public void setUp() {
    Fixtures.compileDigestApart();
  }

  @Benchmark
  public int floor() {
    return floor.code(step);
  }

  @Benchmark
  public String otpkit() {
    return otpkit.generate(now);
  }

  @Benchmark
  public int otpkitValue() {
    return otpkit.valueAtStep(otpkit.stepAt(now));
  }

  @Benchmark
  public int javaOtp() throws InvalidKeyException {
    return javaOtp.generateOneTimePassword(javaOtpKey, now);
  }

  @Benchmark
  public String javaOtpString() throws InvalidKeyException {
    return javaOtp.generateOneTimePasswordString(javaOtpKey, now, Locale.ROOT);
  }

  @Benchmark
  public int googleAuth() {
    return googleAuth.getTotpPassword(secretBase32, nowMillis);
  }

  @Benchmark
  public String javaTotp() throws CodeGenerationException {
    return javaTotp.generate(secretBase32, step);
  }

  @Benchmark
  public String otpJava() {
    return otpJava.at(now);
  }
}
