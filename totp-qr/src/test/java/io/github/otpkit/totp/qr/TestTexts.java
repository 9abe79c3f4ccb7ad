package io.github.otpkit.totp.qr;

import io.github.otpkit.totp.OtpSecret;
import java.util.List;

/** The payloads every renderer must round-trip, built by hand (no OtpAuthUri dependency). */
final class TestTexts {
  /** A typical enrollment URI: 160-bit secret, issuer with a space, e-mail account. */
  static final String TYPICAL =
      "otpauth://totp/Photo%20Portal:alice%40example.com?secret="
          + OtpSecret.fromBytes(bytes(20, 11)).revealBase32()
          + "&issuer=Photo%20Portal";

  /** A long URI: 64-byte secret (103 Base32 characters), long issuer and account, all options. */
  static final String LONG =
      "otpauth://totp/Photo%20Portal%20Enterprise%20Edition%20for%20Large%20Organisations:"
          + "alice.wonderland-longname%2Btwo-factor%40accounts.subdomain.example-corporation.com"
          + "?secret="
          + OtpSecret.fromBytes(bytes(64, 7)).revealBase32()
          + "&issuer=Photo%20Portal%20Enterprise%20Edition%20for%20Large%20Organisations"
          + "&algorithm=SHA512&digits=8&period=60";

  /** Non-ASCII issuer and account written raw (not percent-encoded), with an astral emoji. */
  static final String NON_ASCII =
      "otpauth://totp/Caf\u00e9%20Z\u00fcrich%20\u5199\u771f%20\ud83d\udcf7:"
          + "j\u00fcrgen.\u00f6zt\u00fcrk%40example.com?secret="
          + OtpSecret.fromBytes(bytes(20, 3)).revealBase32()
          + "&issuer=Caf\u00e9%20Z\u00fcrich%20\u5199\u771f%20\ud83d\udcf7";

  /** The same non-ASCII names percent-encoded as UTF-8, which makes the text ASCII. */
  static final String NON_ASCII_PERCENT_ENCODED =
      "otpauth://totp/Caf%C3%A9%20Z%C3%BCrich:j%C3%BCrgen%40example.com?secret="
          + OtpSecret.fromBytes(bytes(20, 3)).revealBase32()
          + "&issuer=Caf%C3%A9%20Z%C3%BCrich";

  static final List<String> ALL = List.of(TYPICAL, LONG, NON_ASCII, NON_ASCII_PERCENT_ENCODED);

  private TestTexts() {}

  /** Deterministic key bytes, so that failures reproduce. */
  static byte[] bytes(int length, int seed) {
    byte[] key = new byte[length];
    for (int i = 0; i < length; i++) {
      key[i] = (byte) (seed * 31 + i * 17);
    }
    return key;
  }

  /** A short label for parameterised test names that does not print the whole payload. */
  static String label(String text) {
    if (text.equals(TYPICAL)) {
      return "typical";
    }
    if (text.equals(LONG)) {
      return "long";
    }
    if (text.equals(NON_ASCII)) {
      return "non-ASCII";
    }
    if (text.equals(NON_ASCII_PERCENT_ENCODED)) {
      return "non-ASCII percent-encoded";
    }
    return text.length() + " chars";
  }
}
