package io.github.otpkit.totp.test.assertj;

import static io.github.otpkit.totp.test.assertj.OtpAssertions.assertThat;
import static io.github.otpkit.totp.test.assertj.OtpAssertions.assertThatUri;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otpkit.totp.HmacAlgorithm;
import io.github.otpkit.totp.OtpAuthUri;
import io.github.otpkit.totp.OtpSecret;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OtpAuthUriAssertTest {
  private static final String BASE32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
  private static final OtpSecret SECRET = OtpSecret.fromBase32(BASE32);
  private static final OtpAuthUri URI =
      OtpAuthUri.totp(SECRET, "Photo Portal", "alice@example.com").build();
  private static final OtpAuthUri SHA256_8 =
      OtpAuthUri.totp(SECRET, "ACME", "bob").algorithm(HmacAlgorithm.SHA256).digits(8).build();

  @Test
  void defaultUri_passesEverything() {
    assertThat(URI)
        .isTotp()
        .hasIssuer("Photo Portal")
        .hasAccount("alice@example.com")
        .hasAlgorithm(HmacAlgorithm.SHA1)
        .hasDigits(6)
        .hasPeriod(Duration.ofSeconds(30))
        .hasStrongSecret()
        .hasSameSecretAs(OtpSecret.fromBase32(BASE32.toLowerCase(java.util.Locale.ROOT)))
        .worksInMicrosoftAuthenticator()
        .worksInGoogleAuthenticator()
        .worksInBothApps();
  }

  @Test
  void worksInMicrosoftAuthenticator_sha256With8Digits_failsWithTheWarnings() {
    assertThatThrownBy(() -> assertThat(SHA256_8).worksInMicrosoftAuthenticator())
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            String.format(
                "%nExpecting a URI that Microsoft Authenticator accepts, but:%n"
                    + "  Microsoft Authenticator ignores the algorithm and computes SHA1 codes,"
                    + " not SHA256%n"
                    + "  Google Authenticator handles SHA256 unreliably (some versions silently"
                    + " compute SHA1 codes)%n"
                    + "  Microsoft Authenticator ignores digits and shows 6-digit codes, not 8%n"
                    + "  Google Authenticator handles 8 digits unreliably (some versions ignore"
                    + " digits)%n"
                    + "  OtpAuthUri[TOTP, issuer=ACME, account=bob, SHA256, 8 digits, 30 s, secret"
                    + " redacted]"))
        .message()
        .doesNotContain(BASE32.substring(0, 8));
  }

  @Test
  void worksInGoogleAndBoth_fail() {
    OtpAuthUri minute =
        OtpAuthUri.totp(SECRET, "ACME", "bob").period(Duration.ofSeconds(60)).build();
    OtpAuthUri hotp = OtpAuthUri.hotp(SECRET, "ACME", "bob", 0).build();

    assertThatThrownBy(() -> assertThat(minute).worksInGoogleAuthenticator())
        .hasMessageStartingWith(
            String.format("%nExpecting a URI that Google Authenticator accepts, but:%n"))
        .hasMessageContaining("not 60 seconds");
    assertThatThrownBy(() -> assertThat(hotp).worksInBothApps())
        .hasMessageContaining("Microsoft Authenticator supports only TOTP, not HOTP");
    // HOTP works in Google Authenticator.
    assertThat(hotp).worksInGoogleAuthenticator().isHotp();
  }

  @Test
  void parts_otherValues_fail() {
    assertThatThrownBy(() -> assertThat(URI).isHotp())
        .hasMessage(
            String.format(
                "%nExpecting a HOTP URI, but it was:%n  OtpAuthUri[TOTP, issuer=Photo Portal,"
                    + " account=alice@example.com, SHA1, 6 digits, 30 s, secret redacted]"));
    assertThatThrownBy(() -> assertThat(SHA256_8).isTotp().hasIssuer("Photo Portal"))
        .hasMessageStartingWith(
            String.format("%nExpecting the issuer \"Photo Portal\", but it was \"ACME\":"));
    assertThatThrownBy(
            () -> assertThat(OtpAuthUri.totp(SECRET, null, "bob").build()).hasIssuer("ACME"))
        .hasMessageStartingWith(String.format("%nExpecting the issuer \"ACME\", but it was none:"));
    assertThatThrownBy(() -> assertThat(URI).hasAccount("bob"))
        .hasMessageStartingWith(
            String.format("%nExpecting the account \"bob\", but it was \"alice@example.com\":"));
    assertThatThrownBy(() -> assertThat(URI).hasAlgorithm(HmacAlgorithm.SHA512))
        .hasMessageStartingWith(
            String.format("%nExpecting the algorithm SHA512, but it was SHA1:"));
    assertThatThrownBy(() -> assertThat(URI).hasDigits(8))
        .hasMessageStartingWith(String.format("%nExpecting 8 digits, but it was 6:"));
    assertThatThrownBy(() -> assertThat(URI).hasPeriod(Duration.ofSeconds(60)))
        .hasMessageStartingWith(String.format("%nExpecting the period PT1M, but it was PT30S:"));
    assertThatThrownBy(
            () ->
                assertThat(OtpAuthUri.hotp(SECRET, "ACME", "bob", 0).build())
                    .hasPeriod(Duration.ofSeconds(30)))
        .hasMessageStartingWith(String.format("%nExpecting a TOTP URI, but it was:"));
  }

  @Test
  void secrets_weakOrOther_failWithoutShowingThem() {
    OtpSecret weak = OtpSecret.fromBase32("JBSWY3DPEHPK3PXP");
    OtpAuthUri legacy = OtpAuthUri.totp(weak, "ACME", "bob").build();

    assertThatThrownBy(() -> assertThat(legacy).hasStrongSecret())
        .hasMessage(
            String.format(
                "%nExpecting a secret of at least 16 bytes, but it has 10:%n  OtpAuthUri[TOTP,"
                    + " issuer=ACME, account=bob, SHA1, 6 digits, 30 s, secret redacted]"));
    assertThatThrownBy(() -> assertThat(URI).hasSameSecretAs(weak))
        .hasMessageStartingWith(
            String.format(
                "%nExpecting the URI's secret to be the given key, but it is another one:"))
        .message()
        .doesNotContain("JBSWY3DP")
        .doesNotContain(BASE32.substring(0, 8));
  }

  @Test
  void assertThatUri_parsesTheTextAsAnAppDoes() {
    assertThatUri(URI.revealUriString()).hasAccount("alice@example.com").worksInBothApps();
    assertThatUri("otpauth://totp/ACME:bob?secret=" + BASE32.toLowerCase(java.util.Locale.ROOT))
        .hasIssuer("ACME");
  }

  @Test
  void assertThatUri_invalidOrNull_failsWithoutTheText() {
    assertThatThrownBy(
            () -> assertThatUri("otpauth://totp/ACME:bob?secret=" + BASE32 + "&digits=9"))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expecting an otpauth URI, but the text does not parse: parameter digits must be 6 to"
                + " 8 but was 9");
    assertThatThrownBy(() -> assertThatUri(null))
        .isInstanceOf(AssertionError.class)
        .hasMessage("Expecting an otpauth URI, but it was null");
  }

  @Test
  void nullUri_fails() {
    assertThatThrownBy(() -> assertThat((OtpAuthUri) null).worksInMicrosoftAuthenticator())
        .hasMessageContaining("Expecting actual not to be null");
  }
}
