package io.github.otpkit.totp.benchmarks;

import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.TotpGenerator;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Locale;

/**
 * The inputs every benchmark shares, so that otpkit, the floor and the peers compute the same
 * codes.
 *
 * <p>The secret is RFC 4226's 20-byte test key ("12345678901234567890", 160 bits, the default size
 * of otpkit and of every peer), written as 32 Base32 characters. The time is fixed, in the middle
 * of a 30-second step; the wrong code differs from the codes of all steps in the window.
 */
final class Fixtures {
  /** RFC 4226 appendix D's key, as 32 upper-case Base32 characters without padding. */
  static final String SECRET_BASE32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

  /** The same key as raw bytes. */
  static final byte[] SECRET_BYTES = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

  /** The fixed time of the verification benchmarks: 15 s into a time step. */
  static final Instant NOW = Instant.parse("2026-03-14T15:09:15Z");

  /** {@link #NOW} in Unix milliseconds (googleauth's time argument). */
  static final long NOW_MILLIS = NOW.toEpochMilli();

  /** The 30-second time step of {@link #NOW}. */
  static final long STEP = NOW.getEpochSecond() / 30;

  /** A typical otpauth URI, percent-encoded as otpkit writes it (issuer prefix and parameter). */
  static final String URI =
      "otpauth://totp/Photo%20Portal:alice%40example.com?secret="
          + SECRET_BASE32
          + "&issuer=Photo%20Portal";

  /** The HOTP counter that the HOTP benchmarks expect next. */
  static final long COUNTER = 1_000;

  private Fixtures() {}

  /**
   * Brings the JIT to the state of a server that already hashes elsewhere (TLS, password hashing):
   * the JDK's {@link MessageDigest} methods are compiled on their own before any benchmarked code
   * gets hot, so C2 no longer inlines them into callers. Without this, whether they are inlined,
   * and so whether escape analysis removes the digest wrappers that every clone allocates, depends
   * on the order of compilation, which differs between cases and even between forks of one case.
   * Every generation and verification benchmark calls this first, the floor and the peers included.
   */
  static void compileDigestApart() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-1");
      byte[] buffer = new byte[64];
      for (int i = 0; i < 50_000; i++) {
        MessageDigest copy = (MessageDigest) digest.clone();
        copy.update(buffer, 0, 8);
        copy.digest(buffer, 8, 20);
        copy.update(buffer, 0, 28);
        buffer[0] ^= copy.digest()[0];
      }
      // Let the compiler threads finish before the benchmark starts.
      Thread.sleep(500);
    } catch (GeneralSecurityException | CloneNotSupportedException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The 6-digit TOTP code of {@code step}, computed by otpkit. */
  static String totpCode(long step) {
    return TotpGenerator.create(OtpSecret.fromBase32(SECRET_BASE32)).generateAtStep(step);
  }

  /** The 6-digit HOTP code of {@code counter}; HOTP and TOTP codes of the same number agree. */
  static String hotpCode(long counter) {
    return totpCode(counter);
  }

  /**
   * A 6-digit code that equals none of the codes of the {@code count} numbers from {@code first}.
   */
  static String wrongCode(long first, int count) {
    for (int candidate = 123_456; ; candidate = (candidate + 1) % 1_000_000) {
      String code = String.format(Locale.ROOT, "%06d", candidate);
      boolean clash = false;
      for (long n = first; n < first + count; n++) {
        clash |= code.equals(totpCode(n));
      }
      if (!clash) {
        return code;
      }
    }
  }
}
