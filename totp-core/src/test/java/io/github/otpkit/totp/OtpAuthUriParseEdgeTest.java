package io.github.otpkit.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Edge cases of {@link OtpAuthUri#parse(String)} that PIT showed no other test pinned down. */
class OtpAuthUriParseEdgeTest {
  private static final String SECRET = "JBSWY3DPEHPK3PXP";

  @Test
  void parse_lowerCaseHexEscapes_decodeLikeUpperCase() {
    // %ef%bc%a1 is U+FF21 (full-width A): every hex letter a to f, in lower case
    OtpAuthUri uri = OtpAuthUri.parse("otpauth://totp/Caf%c3%a9:%ef%bc%a1l%2bice?secret=" + SECRET);

    assertThat(uri.issuer()).contains("Café");
    assertThat(uri.account()).isEqualTo("\uff21l+ice");
  }

  @Test
  void parse_valueThatStartsWithAnEscape_isDecoded() {
    OtpAuthUri uri = OtpAuthUri.parse("otpauth://totp/alice?secret=" + SECRET + "&issuer=%41CME");

    assertThat(uri.issuer()).contains("ACME");
  }

  @Test
  void parse_labelEndingWithAnEncodedSeparator_hasAnEmptyAccountName() {
    assertThatThrownBy(() -> OtpAuthUri.parse("otpauth://totp/ACME%3A?secret=" + SECRET))
        .isInstanceOf(InvalidUriException.class)
        .hasMessage("account name must not be empty");
  }

  @Test
  void parse_digitsWithAPlusSign_isNotANumber() {
    assertThatThrownBy(
            () -> OtpAuthUri.parse("otpauth://totp/alice?secret=" + SECRET + "&digits=%2B8"))
        .isInstanceOf(InvalidUriException.class)
        .hasMessage("parameter digits must be a whole number from 6 to 8");
  }

  @Test
  void parse_malformedValueOfAnExtraParameter_namesTheParameterOnlyIfItIsPlain() {
    String name32 = "x".repeat(32);
    assertThatThrownBy(
            () -> OtpAuthUri.parse("otpauth://totp/a?secret=" + SECRET + "&" + name32 + "=%ZZ"))
        .isInstanceOf(InvalidUriException.class)
        .hasMessageStartingWith("parameter " + name32 + " ");
    assertThatThrownBy(
            () -> OtpAuthUri.parse("otpauth://totp/a?secret=" + SECRET + "&" + name32 + "x=%ZZ"))
        .isInstanceOf(InvalidUriException.class)
        .hasMessageStartingWith("parameter (unnamed) ");
    assertThatThrownBy(() -> OtpAuthUri.parse("otpauth://totp/a?secret=" + SECRET + "&a%2Fb=%ZZ"))
        .isInstanceOf(InvalidUriException.class)
        .hasMessageStartingWith("parameter (unnamed) ");
  }
}
