package io.github.otpkit.totp.benchmarks;

import io.github.otpkit.totp.OtpSecret;
import org.apache.commons.codec.binary.Base32;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * Decode a 32-character Base32 secret (20 bytes).
 *
 * <ul>
 *   <li>{@code otpkit}: {@link OtpSecret#fromBase32}: lenient about case, spaces, hyphens and
 *       padding, strict about every other character and the trailing bits, plus the length check.
 *   <li>{@code commonsCodec}: commons-codec {@code new Base32().decode(String)} per call, which is
 *       what java-totp 1.7.1, googleauth 1.5.0 (after a {@code toUpperCase()}) and otp-java 2.1.0
 *       do inside every code they compute. None of the peers exposes its decoding publicly;
 *       java-otp has none. commons-codec silently skips characters outside the alphabet.
 *   <li>{@code commonsCodecReused}: the same on one {@code Base32} instance (thread-safe).
 * </ul>
 */
public class Base32Benchmark extends AverageTimeBenchmark {
  String text = Fixtures.SECRET_BASE32;
  final Base32 base32 = new Base32();

  @Benchmark
  public OtpSecret otpkit() {
    return OtpSecret.fromBase32(text);
  }

  @Benchmark
  public byte[] commonsCodec() {
    return new Base32().decode(text);
  }

  @Benchmark
  public byte[] commonsCodecReused() {
    return base32.decode(text);
  }
}
