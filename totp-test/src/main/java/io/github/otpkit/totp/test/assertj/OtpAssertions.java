package io.github.otpkit.totp.test.assertj;

import io.github.otpkit.totp.InvalidUriException;
import io.github.otpkit.totp.OtpAuthUri;
import io.github.otpkit.totp.auth.VerificationResult;
import org.jspecify.annotations.Nullable;

/**
 * Entry points of the AssertJ assertions for otpkit's types.
 *
 * <p>Import them statically next to AssertJ's own {@code assertThat}; Java picks the right one by
 * the argument's type:
 *
 * <pre>{@code
 * import static io.github.otpkit.totp.test.assertj.OtpAssertions.assertThat;
 * import static org.assertj.core.api.Assertions.assertThat;
 *
 * assertThat(service.verify("alice", code)).isAcceptedWithDrift(0);
 * assertThat(uri).worksInMicrosoftAuthenticator();
 * assertThat(list).hasSize(1);                          // AssertJ's
 * }</pre>
 */
public final class OtpAssertions {
  private OtpAssertions() {}

  /**
   * Starts assertions on a verification result.
   *
   * @param actual the result of {@code verify(...)}
   * @return the assertion
   */
  public static VerificationResultAssert assertThat(@Nullable VerificationResult actual) {
    return new VerificationResultAssert(actual);
  }

  /**
   * Starts assertions on an otpauth URI.
   *
   * @param actual the URI
   * @return the assertion
   */
  public static OtpAuthUriAssert assertThat(@Nullable OtpAuthUri actual) {
    return new OtpAuthUriAssert(actual);
  }

  /**
   * Parses the text of an otpauth URI, as an authenticator app does, and starts assertions on it.
   *
   * @param uriText the URI text, for example read from a QR code
   * @return the assertion on the parsed URI
   * @throws AssertionError if the text is {@code null} or does not parse; the message says why,
   *     without the text
   */
  public static OtpAuthUriAssert assertThatUri(@Nullable String uriText) {
    if (uriText == null) {
      throw new AssertionError("Expecting an otpauth URI, but it was null");
    }
    try {
      return new OtpAuthUriAssert(OtpAuthUri.parse(uriText));
    } catch (InvalidUriException e) {
      throw new AssertionError(
          "Expecting an otpauth URI, but the text does not parse: " + e.getMessage(), e);
    }
  }
}
