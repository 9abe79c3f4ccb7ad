package io.github.otpkit.totp;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What Microsoft Authenticator and Google Authenticator do with the parameters of an otpauth URI:
 * the one place behind {@link OtpAuthUri#compatibility()} and {@link
 * OtpAuthUri#compatibility(TotpParameters)} (see {@link AppCompatibility} for the facts).
 * Stateless.
 */
final class CompatibilityRules {
  private CompatibilityRules() {}

  static AppCompatibility of(
      OtpType type, HmacAlgorithm algorithm, int digits, Duration period, Instant t0) {
    boolean microsoft = true;
    boolean google = true;
    List<String> warnings = new ArrayList<>();
    if (type == OtpType.HOTP) {
      microsoft = false;
      warnings.add("Microsoft Authenticator supports only TOTP, not HOTP");
    }
    if (algorithm != HmacAlgorithm.SHA1) {
      microsoft = false;
      google = false;
      warnings.add(
          "Microsoft Authenticator ignores the algorithm and computes SHA1 codes, not "
              + algorithm.uriName());
      warnings.add(
          "Google Authenticator handles "
              + algorithm.uriName()
              + " unreliably (some versions silently compute SHA1 codes)");
    }
    if (digits != OtpAuthUri.DEFAULT_DIGITS) {
      microsoft = false;
      google = false;
      warnings.add(
          String.format(
              Locale.ROOT,
              "Microsoft Authenticator ignores digits and shows 6-digit codes, not %d",
              digits));
      warnings.add(
          digits == 8
              ? "Google Authenticator handles 8 digits unreliably (some versions ignore digits)"
              : String.format(
                  Locale.ROOT, "Google Authenticator supports 6 or 8 digits, not %d", digits));
    }
    if (type == OtpType.TOTP && !period.equals(OtpAuthUri.DEFAULT_PERIOD)) {
      microsoft = false;
      google = false;
      warnings.add(
          String.format(
              Locale.ROOT,
              "Microsoft Authenticator supports only a 30-second period, not %d seconds",
              period.toSeconds()));
      warnings.add(
          String.format(
              Locale.ROOT,
              "Google Authenticator supports only a 30-second period on Android, not %d seconds",
              period.toSeconds()));
    }
    if (!t0.equals(Instant.EPOCH)) {
      microsoft = false;
      google = false;
      warnings.add(
          "T0 cannot be expressed in an otpauth URI: every app counts time steps from the Unix"
              + " epoch");
    }
    return new AppCompatibility(microsoft, google, warnings);
  }
}
