package io.github.otpkit.totp.test.assertj;

import io.github.otpkit.totp.AppCompatibility;
import io.github.otpkit.totp.HmacAlgorithm;
import io.github.otpkit.totp.OtpAuthUri;
import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.OtpType;
import java.time.Duration;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;

/**
 * AssertJ assertions on an {@link OtpAuthUri}: the account it names, its parameters, and whether
 * Microsoft Authenticator and Google Authenticator compute matching codes for it ({@link
 * OtpAuthUri#compatibility()}).
 *
 * <pre>{@code
 * VirtualAuthenticator phone = VirtualAuthenticator.scanDataUri(imgSrc);
 * assertThat(phone.uri().orElseThrow())
 *     .hasIssuer("Photo Portal")
 *     .hasAccount("alice@example.com")
 *     .worksInMicrosoftAuthenticator();
 * }</pre>
 *
 * <p>Failure messages describe the URI with its {@code toString()}, which leaves out the secret and
 * the URI text. Obtain instances from {@link OtpAssertions}. Not thread-safe, like every AssertJ
 * assertion.
 */
public final class OtpAuthUriAssert extends AbstractAssert<OtpAuthUriAssert, OtpAuthUri> {

  /**
   * Creates the assertion.
   *
   * @param actual the URI under test, may be {@code null} (every assertion then fails)
   */
  public OtpAuthUriAssert(@Nullable OtpAuthUri actual) {
    super(actual, OtpAuthUriAssert.class);
  }

  /**
   * Checks that Microsoft Authenticator computes matching codes: TOTP with SHA1, 6 digits and 30
   * seconds.
   *
   * @return this assertion
   */
  public OtpAuthUriAssert worksInMicrosoftAuthenticator() {
    AppCompatibility compatibility = compatibility();
    if (!compatibility.microsoftAuthenticator()) {
      failWithMessage(
          "%nExpecting a URI that Microsoft Authenticator accepts, but:%n  %s%n  %s",
          String.join("%n  ".formatted(), compatibility.warnings()), actual);
    }
    return this;
  }

  /**
   * Checks that current Google Authenticator versions compute matching codes.
   *
   * @return this assertion
   */
  public OtpAuthUriAssert worksInGoogleAuthenticator() {
    AppCompatibility compatibility = compatibility();
    if (!compatibility.googleAuthenticator()) {
      failWithMessage(
          "%nExpecting a URI that Google Authenticator accepts, but:%n  %s%n  %s",
          String.join("%n  ".formatted(), compatibility.warnings()), actual);
    }
    return this;
  }

  /**
   * Checks that Microsoft Authenticator and Google Authenticator both compute matching codes.
   *
   * @return this assertion
   */
  public OtpAuthUriAssert worksInBothApps() {
    return worksInMicrosoftAuthenticator().worksInGoogleAuthenticator();
  }

  /**
   * Checks that the URI is a TOTP ({@code otpauth://totp}) URI.
   *
   * @return this assertion
   */
  public OtpAuthUriAssert isTotp() {
    return hasType(OtpType.TOTP);
  }

  /**
   * Checks that the URI is an HOTP ({@code otpauth://hotp}) URI.
   *
   * @return this assertion
   */
  public OtpAuthUriAssert isHotp() {
    return hasType(OtpType.HOTP);
  }

  private OtpAuthUriAssert hasType(OtpType type) {
    isNotNull();
    if (actual.type() != type) {
      failWithMessage("%nExpecting a %s URI, but it was:%n  %s", type, actual);
    }
    return this;
  }

  /**
   * Checks the issuer: the {@code issuer} parameter, or else the label prefix.
   *
   * @param issuer the expected issuer
   * @return this assertion
   */
  public OtpAuthUriAssert hasIssuer(String issuer) {
    Objects.requireNonNull(issuer, "issuer");
    isNotNull();
    if (!actual.issuer().equals(java.util.Optional.of(issuer))) {
      failWithMessage(
          "%nExpecting the issuer %s, but it was %s:%n  %s",
          quote(issuer), actual.issuer().map(OtpAuthUriAssert::quote).orElse("none"), actual);
    }
    return this;
  }

  /**
   * Checks the account name of the label.
   *
   * @param account the expected account name
   * @return this assertion
   */
  public OtpAuthUriAssert hasAccount(String account) {
    Objects.requireNonNull(account, "account");
    isNotNull();
    if (!actual.account().equals(account)) {
      failWithMessage(
          "%nExpecting the account %s, but it was %s:%n  %s",
          quote(account), quote(actual.account()), actual);
    }
    return this;
  }

  /**
   * Checks the HMAC algorithm.
   *
   * @param algorithm the expected algorithm
   * @return this assertion
   */
  public OtpAuthUriAssert hasAlgorithm(HmacAlgorithm algorithm) {
    Objects.requireNonNull(algorithm, "algorithm");
    isNotNull();
    if (actual.algorithm() != algorithm) {
      failWithMessage(
          "%nExpecting the algorithm %s, but it was %s:%n  %s",
          algorithm, actual.algorithm(), actual);
    }
    return this;
  }

  /**
   * Checks the number of digits per code.
   *
   * @param digits the expected number, 6 to 8
   * @return this assertion
   */
  public OtpAuthUriAssert hasDigits(int digits) {
    isNotNull();
    if (actual.digits() != digits) {
      failWithMessage(
          "%nExpecting %s digits, but it was %s:%n  %s", digits, actual.digits(), actual);
    }
    return this;
  }

  /**
   * Checks the period of a TOTP URI.
   *
   * @param period the expected period
   * @return this assertion
   */
  public OtpAuthUriAssert hasPeriod(Duration period) {
    Objects.requireNonNull(period, "period");
    isTotp();
    Duration actualPeriod = actual.totpParameters().period();
    if (!actualPeriod.equals(period)) {
      failWithMessage(
          "%nExpecting the period %s, but it was %s:%n  %s", period, actualPeriod, actual);
    }
    return this;
  }

  /**
   * Checks that the secret is long enough to be enrolled: at least 16 bytes (RFC 4226 R6).
   *
   * @return this assertion
   */
  public OtpAuthUriAssert hasStrongSecret() {
    isNotNull();
    if (!actual.secret().isStrong()) {
      failWithMessage(
          "%nExpecting a secret of at least 16 bytes, but it has %s:%n  %s",
          actual.secret().length(), actual);
    }
    return this;
  }

  /**
   * Checks that the URI's secret is the same key as another, compared in constant time; the failure
   * message shows neither.
   *
   * @param secret the expected secret, for example the manual key shown on the same page
   * @return this assertion
   */
  public OtpAuthUriAssert hasSameSecretAs(OtpSecret secret) {
    Objects.requireNonNull(secret, "secret");
    isNotNull();
    if (!actual.secret().sameKeyAs(secret)) {
      failWithMessage(
          "%nExpecting the URI's secret to be the given key, but it is another one:%n  %s", actual);
    }
    return this;
  }

  private AppCompatibility compatibility() {
    isNotNull();
    return actual.compatibility();
  }

  private static String quote(String text) {
    return '"' + text + '"';
  }
}
