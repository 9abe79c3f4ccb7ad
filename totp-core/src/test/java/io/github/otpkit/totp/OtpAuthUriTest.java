package io.github.otpkit.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OtpAuthUriTest {
  private static final long SEED = 0x5EED_0003L;
  private static final OtpSecret RFC_SEED =
      OtpSecret.fromBytes("12345678901234567890".getBytes(StandardCharsets.US_ASCII));
  private static final String S = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

  // ---- building --------------------------------------------------------------------------------

  @Test
  void revealUriString_defaults_issuerAsPrefixAndParameter_defaultsLeftOut() {
    OtpAuthUri uri = OtpAuthUri.totp(RFC_SEED, "Photo Portal", "alice@example.com").build();
    assertThat(uri.revealUriString())
        .isEqualTo(
            "otpauth://totp/Photo%20Portal:alice%40example.com?secret="
                + S
                + "&issuer=Photo%20Portal");
  }

  @Test
  void revealUriString_explicitDefaults_stillLeftOut() {
    OtpAuthUri uri =
        OtpAuthUri.totp(RFC_SEED, "Example", "alice")
            .algorithm(HmacAlgorithm.SHA1)
            .digits(6)
            .period(Duration.ofSeconds(30))
            .build();
    assertThat(uri.revealUriString())
        .isEqualTo("otpauth://totp/Example:alice?secret=" + S + "&issuer=Example");
  }

  @Test
  void revealUriString_everyParameter_inStableOrder() {
    OtpAuthUri uri =
        OtpAuthUri.totp(RFC_SEED, "Example", "alice")
            .extraParameter("color", "red")
            .image("https://example.com/logo.png")
            .period(Duration.ofSeconds(60))
            .digits(8)
            .algorithm(HmacAlgorithm.SHA256)
            .build();
    assertThat(uri.revealUriString())
        .isEqualTo(
            "otpauth://totp/Example:alice?secret="
                + S
                + "&issuer=Example&algorithm=SHA256&digits=8&period=60"
                + "&color=red&image=https%3A%2F%2Fexample.com%2Flogo.png");
  }

  @Test
  void revealUriString_hotp_carriesCounterAfterDigits() {
    OtpAuthUri uri =
        OtpAuthUri.hotp(RFC_SEED, "Example", "bob", 42)
            .algorithm(HmacAlgorithm.SHA512)
            .digits(7)
            .image("https://example.com/i.png")
            .build();
    assertThat(uri.revealUriString())
        .isEqualTo(
            "otpauth://hotp/Example:bob?secret="
                + S
                + "&issuer=Example&algorithm=SHA512&digits=7&counter=42"
                + "&image=https%3A%2F%2Fexample.com%2Fi.png");
    assertThat(OtpAuthUri.hotp(RFC_SEED, null, "bob", 0).build().revealUriString())
        .isEqualTo("otpauth://hotp/bob?secret=" + S + "&counter=0");
  }

  @Test
  void revealUriString_withoutIssuer_noPrefixNoParameter() {
    assertThat(OtpAuthUri.totp(RFC_SEED, null, "alice").build().revealUriString())
        .isEqualTo("otpauth://totp/alice?secret=" + S);
  }

  @Test
  void revealUriString_percentEncodesEverythingButUnreserved_upperCaseHex() {
    OtpAuthUri uri =
        OtpAuthUri.totp(RFC_SEED, "A+B & C/D=E?F#G%H", "\u00e9 \u65e5\u672c \ud83d\ude00 ~._-Zz09@")
            .build();
    String issuer = "A%2BB%20%26%20C%2FD%3DE%3FF%23G%25H";
    assertThat(uri.revealUriString())
        .isEqualTo(
            "otpauth://totp/"
                + issuer
                + ":%C3%A9%20%E6%97%A5%E6%9C%AC%20%F0%9F%98%80%20~._-Zz09%40?secret="
                + S
                + "&issuer="
                + issuer);
  }

  @Test
  void revealUriString_secretIsUpperCaseUnpadded() {
    OtpSecret sixteen = OtpSecret.fromBase32("gezdgnbvgy3tqojqgezdgnbvgy======");
    String text = OtpAuthUri.totp(sixteen, "X", "y").build().revealUriString();
    assertThat(text)
        .contains("secret=GEZDGNBVGY3TQOJQGEZDGNBVGY&")
        .doesNotContain("=GEZDGNBVGY3TQOJQGEZDGNBVGY=");
  }

  @Test
  void parameters_fromTotpParameters_copiesAlgorithmDigitsPeriod() {
    OtpAuthUri uri =
        OtpAuthUri.totp(RFC_SEED, "X", "y")
            .parameters(
                TotpParameters.DEFAULT
                    .withAlgorithm(HmacAlgorithm.SHA512)
                    .withDigits(7)
                    .withPeriod(Duration.ofSeconds(45)))
            .build();
    assertThat(uri.totpParameters())
        .isEqualTo(
            new TotpParameters(HmacAlgorithm.SHA512, 7, Duration.ofSeconds(45), Instant.EPOCH));
    OtpAuthUri hotp =
        OtpAuthUri.hotp(RFC_SEED, "X", "y", 3)
            .parameters(new HotpParameters(HmacAlgorithm.SHA256, 8))
            .build();
    assertThat(hotp.hotpParameters()).isEqualTo(new HotpParameters(HmacAlgorithm.SHA256, 8));
  }

  @Test
  void parameters_withT0_rejectedBecauseTheFormatHasNone() {
    TotpParameters withT0 = TotpParameters.DEFAULT.withT0(Instant.ofEpochSecond(60));
    assertThatThrownBy(() -> OtpAuthUri.totp(RFC_SEED, "X", "y").parameters(withT0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "T0 must be the Unix epoch, because an otpauth URI cannot express another T0,"
                + " but was 1970-01-01T00:01:00Z");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "Photo:Portal | alice         | issuer must not contain ':'",
        "Photo Portal | alice:admin   | account name must not contain ':'",
        "Photo Portal | \"\"          | account name must not be empty",
        "\"\"           | alice         | issuer must not be empty (pass null for no issuer)",
        "\" Photo\"     | alice         | issuer must not start or end with whitespace",
        "\"Photo\u00a0\" | alice       | issuer must not start or end with whitespace",
        "Photo        | \"alice \"      | account name must not start or end with whitespace",
        "Photo        | \" alice\"      | account name must not start or end with whitespace",
        "Photo        | \"\talice\"     | account name must not contain control characters",
      })
  void build_badLabelParts_rejectedWithExactMessage(String issuer, String account, String message) {
    assertThatThrownBy(() -> OtpAuthUri.totp(RFC_SEED, issuer, account).build())
        .isInstanceOf(InvalidUriException.class)
        .hasMessage(message);
    assertThatThrownBy(() -> OtpAuthUri.hotp(RFC_SEED, issuer, account, 0).build())
        .isInstanceOf(InvalidUriException.class)
        .hasMessage(message);
  }

  @Test
  void build_controlCharacters_rejected() {
    assertThatThrownBy(() -> OtpAuthUri.totp(RFC_SEED, "X", "a\nb").build())
        .isInstanceOf(InvalidUriException.class)
        .hasMessage("account name must not contain control characters");
    assertThatThrownBy(() -> OtpAuthUri.totp(RFC_SEED, "X\u0000Y", "ab").build())
        .hasMessage("issuer must not contain control characters");
    assertThatThrownBy(() -> OtpAuthUri.totp(RFC_SEED, "X", "a\ud800b").build())
        .hasMessage("account name is not valid Unicode");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://example.com/logo.png",
        "https:///logo.png",
        "https:logo.png",
        "/logo.png",
        "logo.png",
        "ftp://example.com/x",
        "https://exa mple.com/x",
        ""
      })
  void image_notHttpsWithHost_rejected(String url) {
    assertThatThrownBy(() -> OtpAuthUri.totp(RFC_SEED, "X", "y").image(url).build())
        .isInstanceOf(InvalidUriException.class)
        .hasMessage("parameter image must be an https URL with a host");
  }

  @Test
  void image_https_kept() {
    OtpAuthUri uri =
        OtpAuthUri.totp(RFC_SEED, "X", "y").image("https://cdn.example.com/a/b.png?v=2").build();
    assertThat(uri.image()).contains("https://cdn.example.com/a/b.png?v=2");
    assertThat(uri.extraParameters())
        .containsExactly(Map.entry("image", "https://cdn.example.com/a/b.png?v=2"));
  }

  @Test
  void extraParameter_badNames_rejected() {
    assertThatThrownBy(() -> OtpAuthUri.totp(RFC_SEED, "X", "y").extraParameter("", "v").build())
        .isInstanceOf(InvalidUriException.class)
        .hasMessage("extra parameter name must not be empty");
    for (String name : List.of("secret", "Issuer", "ALGORITHM", "digits", "period", "counter")) {
      assertThatThrownBy(
              () -> OtpAuthUri.totp(RFC_SEED, "X", "y").extraParameter(name, "v").build())
          .as(name)
          .isInstanceOf(InvalidUriException.class)
          .hasMessage(
              "extra parameter must not be the standard parameter "
                  + name.toLowerCase(Locale.ROOT));
    }
  }

  @Test
  void build_numbersOutOfRange_rejected() {
    assertThatThrownBy(() -> OtpAuthUri.totp(RFC_SEED, "X", "y").digits(9).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("digits must be 6 to 8 but was 9");
    assertThatThrownBy(() -> OtpAuthUri.hotp(RFC_SEED, "X", "y", 0).digits(5).build())
        .hasMessage("digits must be 6 to 8 but was 5");
    assertThatThrownBy(
            () -> OtpAuthUri.totp(RFC_SEED, "X", "y").period(Duration.ofSeconds(3601)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("period must be whole seconds from 1 to 3600 but was PT1H1S");
    assertThatThrownBy(() -> OtpAuthUri.hotp(RFC_SEED, "X", "y", -1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("counter must be 0 or more but was -1");
    assertThatThrownBy(() -> OtpAuthUri.hotp(RFC_SEED, "X", "y", 1).period(Duration.ofSeconds(30)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("period applies only to totp URIs");
  }

  @Test
  void accessors_wrongType_rejected() {
    OtpAuthUri totp = OtpAuthUri.totp(RFC_SEED, "X", "y").build();
    OtpAuthUri hotp = OtpAuthUri.hotp(RFC_SEED, "X", "y", 7).build();
    assertThat(totp.type()).isEqualTo(OtpType.TOTP);
    assertThat(hotp.type()).isEqualTo(OtpType.HOTP);
    assertThat(hotp.counter()).isEqualTo(7);
    assertThat(hotp.hotpParameters()).isEqualTo(HotpParameters.DEFAULT);
    assertThat(totp.totpParameters()).isEqualTo(TotpParameters.DEFAULT);
    assertThatThrownBy(totp::counter)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a totp URI has no counter");
    assertThatThrownBy(hotp::totpParameters)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("an hotp URI has no TOTP parameters");
  }

  @Test
  void toString_isRedacted() {
    OtpAuthUri uri =
        OtpAuthUri.totp(RFC_SEED, "Photo Portal", "alice@example.com")
            .image("https://example.com/i.png")
            .build();
    assertThat(uri.toString())
        .isEqualTo(
            "OtpAuthUri[TOTP, issuer=Photo Portal, account=alice@example.com, SHA1, 6 digits,"
                + " 30 s, extra parameters [image], secret redacted]")
        .doesNotContain(S.substring(0, 6))
        .doesNotContain("otpauth");
    assertThat(OtpAuthUri.hotp(RFC_SEED, null, "bob", 9).build().toString())
        .isEqualTo("OtpAuthUri[HOTP, account=bob, SHA1, 6 digits, counter=9, secret redacted]");
  }

  // ---- parsing: what real apps emit ------------------------------------------------------------

  @Test
  void parse_googleWikiExample() {
    OtpAuthUri uri =
        OtpAuthUri.parse(
            "otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example");
    assertThat(uri.type()).isEqualTo(OtpType.TOTP);
    assertThat(uri.issuer()).contains("Example");
    assertThat(uri.account()).isEqualTo("alice@google.com");
    assertThat(uri.secret().revealBase32()).isEqualTo("JBSWY3DPEHPK3PXP");
    assertThat(uri.secret().isStrong()).isFalse();
    assertThat(uri.totpParameters()).isEqualTo(TotpParameters.DEFAULT);
    assertThat(uri.extraParameters()).isEmpty();
  }

  @Test
  void parse_lowerCasePaddedAndSpacedSecret_accepted() {
    for (String secret :
        List.of(
            "gezdgnbvgy3tqojqgezdgnbvgy3tqojq",
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ%3D%3D",
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ==",
            "GEZD%20GNBV%20GY3T%20QOJQ%20GEZD%20GNBV%20GY3T%20QOJQ",
            "gezd+gnbv+gy3t+qojq+gezd+gnbv+gy3t+qojq",
            "GEZD-GNBV-GY3T-QOJQ-GEZD-GNBV-GY3T-QOJQ")) {
      OtpAuthUri uri = OtpAuthUri.parse("otpauth://totp/X:y?secret=" + secret + "&issuer=X");
      assertThat(uri.secret().sameKeyAs(RFC_SEED)).as(secret).isTrue();
    }
  }

  @Test
  void parse_labelSeparators_colonOrEncodedColon_withOptionalSpaces() {
    for (String label :
        List.of(
            "Photo%20Portal:alice",
            "Photo%20Portal%3Aalice",
            "Photo%20Portal%3aalice",
            "Photo%20Portal:%20alice",
            "Photo%20Portal%3A%20%20alice",
            "Photo Portal:alice")) {
      OtpAuthUri uri = OtpAuthUri.parse("otpauth://totp/" + label + "?secret=" + S);
      assertThat(uri.issuer()).as(label).contains("Photo Portal");
      assertThat(uri.account()).as(label).isEqualTo("alice");
    }
  }

  @Test
  void parse_labelWithoutIssuerPrefix_issuerFromParameterOrNone() {
    OtpAuthUri none = OtpAuthUri.parse("otpauth://totp/alice%40example.com?secret=" + S);
    assertThat(none.issuer()).isEmpty();
    assertThat(none.account()).isEqualTo("alice@example.com");
    OtpAuthUri param = OtpAuthUri.parse("otpauth://totp/alice?secret=" + S + "&issuer=ACME%20Co");
    assertThat(param.issuer()).contains("ACME Co");
    assertThat(param.account()).isEqualTo("alice");
  }

  @Test
  void parse_leadingSpacesOfTheAccount_droppedWithOrWithoutPrefix() {
    // With the issuer only as a parameter, the account would otherwise come back changed after
    // revealUriString() puts the issuer in front of it.
    OtpAuthUri uri = OtpAuthUri.parse("otpauth://totp/%20%20alice%20?secret=" + S + "&issuer=X");
    assertThat(uri.account()).isEqualTo("alice ");
    assertThat(OtpAuthUri.parse(uri.revealUriString()).account()).isEqualTo("alice ");
    assertThat(OtpAuthUri.parse("otpauth://totp/%20bob?secret=" + S).account()).isEqualTo("bob");
  }

  @Test
  void parse_plusInLabelIsLiteral_plusInParameterIsSpace() {
    OtpAuthUri uri =
        OtpAuthUri.parse("otpauth://totp/A+B:c+d@example.com?secret=" + S + "&foo=x+y%2Bz");
    assertThat(uri.issuer()).contains("A+B");
    assertThat(uri.account()).isEqualTo("c+d@example.com");
    assertThat(uri.extraParameters()).containsEntry("foo", "x y+z");
    // Java's URLEncoder writes spaces as '+' in the query (keycloak #52296): read as spaces.
    OtpAuthUri urlEncoder =
        OtpAuthUri.parse(
            "otpauth://totp/Photo%20Portal:alice?secret=" + S + "&issuer=Photo+Portal");
    assertThat(urlEncoder.issuer()).contains("Photo Portal");
  }

  @Test
  void parse_prefixAndParameterDiffer_parameterWins() {
    OtpAuthUri uri =
        OtpAuthUri.parse("otpauth://totp/Old%20Name:alice?secret=" + S + "&issuer=New%20Name");
    assertThat(uri.issuer()).contains("New Name");
    assertThat(uri.revealUriString()).startsWith("otpauth://totp/New%20Name:alice?");
  }

  @Test
  void parse_emptyIssuerParameter_fallsBackToPrefix() {
    assertThat(OtpAuthUri.parse("otpauth://totp/P:a?secret=" + S + "&issuer=").issuer())
        .contains("P");
    assertThat(OtpAuthUri.parse("otpauth://totp/:a?secret=" + S).issuer()).isEmpty();
  }

  @Test
  void parse_splitsRawLabelBeforeDecoding() {
    // "%253A" decodes to the text "%3A", not a separator, and survives a round trip.
    OtpAuthUri uri = OtpAuthUri.parse("otpauth://totp/A%253AB:c?secret=" + S);
    assertThat(uri.issuer()).contains("A%3AB");
    assertThat(uri.account()).isEqualTo("c");
    assertThat(OtpAuthUri.parse(uri.revealUriString()).issuer()).contains("A%3AB");
  }

  @Test
  void parse_unknownParameters_keptAsExtras_firstWins() {
    OtpAuthUri uri =
        OtpAuthUri.parse(
            "otpauth://totp/X:y?secret="
                + S
                + "&image=https%3A%2F%2Fexample.com%2Flogo.png&color=%23ff0000&flag&color=blue");
    assertThat(uri.extraParameters())
        .containsExactly(
            Map.entry("image", "https://example.com/logo.png"),
            Map.entry("color", "#ff0000"),
            Map.entry("flag", ""));
    assertThat(uri.image()).contains("https://example.com/logo.png");
  }

  @Test
  void parse_imageNotHttps_dropped() {
    OtpAuthUri uri =
        OtpAuthUri.parse(
            "otpauth://totp/X:y?secret=" + S + "&image=http%3A%2F%2Fexample.com%2Flogo.png");
    assertThat(uri.image()).isEmpty();
    assertThat(uri.extraParameters()).isEmpty();
  }

  @Test
  void parse_caseInsensitiveSchemeAndType_fragmentIgnored_emptyPairsSkipped() {
    OtpAuthUri uri =
        OtpAuthUri.parse("OTPAUTH://TOTP/X:y?&secret=" + S + "&&digits=8&#fragment&secret=no");
    assertThat(uri.type()).isEqualTo(OtpType.TOTP);
    assertThat(uri.digits()).isEqualTo(8);
  }

  @Test
  void parse_allParameters() {
    OtpAuthUri totp =
        OtpAuthUri.parse(
            "otpauth://totp/X:y?secret=" + S + "&algorithm=SHA512&digits=8&period=60&issuer=X");
    assertThat(totp.totpParameters())
        .isEqualTo(
            new TotpParameters(HmacAlgorithm.SHA512, 8, Duration.ofSeconds(60), Instant.EPOCH));
    OtpAuthUri hotp =
        OtpAuthUri.parse(
            "otpauth://hotp/X:y?secret=" + S + "&algorithm=sha256&digits=7&counter=0099");
    assertThat(hotp.type()).isEqualTo(OtpType.HOTP);
    assertThat(hotp.counter()).isEqualTo(99);
    assertThat(hotp.hotpParameters()).isEqualTo(new HotpParameters(HmacAlgorithm.SHA256, 7));
    assertThat(
            OtpAuthUri.parse("otpauth://hotp/y?secret=" + S + "&counter=9223372036854775807")
                .counter())
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void parse_parametersOfTheOtherType_ignored() {
    assertThat(OtpAuthUri.parse("otpauth://totp/y?secret=" + S + "&counter=5").revealUriString())
        .isEqualTo("otpauth://totp/y?secret=" + S);
    assertThat(
            OtpAuthUri.parse("otpauth://hotp/y?secret=" + S + "&counter=5&period=60")
                .revealUriString())
        .isEqualTo("otpauth://hotp/y?secret=" + S + "&counter=5");
  }

  @Test
  void parse_shortLegacySecret_works_butIsNotStrong() {
    OtpAuthUri uri = OtpAuthUri.parse("otpauth://totp/GitHub:octocat?secret=jbswy3dpehpk3pxp");
    assertThat(uri.secret().length()).isEqualTo(10);
    assertThat(uri.secret().isStrong()).isFalse();
    assertThat(TotpGenerator.create(uri.secret(), uri.totpParameters()).generateAtStep(1))
        .hasSize(6);
  }

  @Test
  void parse_rawNonAsciiLabel_accepted() {
    OtpAuthUri uri = OtpAuthUri.parse("otpauth://totp/\u65e5\u672c:\u00e9l\u00e8ve?secret=" + S);
    assertThat(uri.issuer()).contains("\u65e5\u672c");
    assertThat(uri.account()).isEqualTo("\u00e9l\u00e8ve");
  }

  // ---- parsing: rejections ---------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "http://totp/X:y?secret=S                        | scheme must be otpauth://",
        "otpauth:/totp/X:y?secret=S                      | scheme must be otpauth://",
        "otpauth//totp/X:y?secret=S                      | scheme must be otpauth://",
        "xotpauth://totp/X:y?secret=S                    | scheme must be otpauth://",
        "\"\"                                              | scheme must be otpauth://",
        "otpauth://motp/X:y?secret=S                     | type must be totp or hotp",
        "otpauth://totp2/X:y?secret=S                    | type must be totp or hotp",
        "otpauth:///X:y?secret=S                         | type must be totp or hotp",
        "otpauth://totp/X:y                              | parameter secret is missing",
        "otpauth://totp/X:y?issuer=X                     | parameter secret is missing",
        "otpauth://totp/X:y?secret=S&secret=S            | parameter secret appears more than once",
        "otpauth://totp/X:y?secret=S&issuer=X&issuer=X   | parameter issuer appears more than once",
        "otpauth://totp/X:y?secret=S&digits=6&digits=6   | parameter digits appears more than once",
        "otpauth://totp/X:y?secret=S&period=30&period=30 | parameter period appears more than once",
        "otpauth://totp/X:y?algorithm=SHA1&secret=S&algorithm=SHA1 | parameter algorithm appears more than once",
        "otpauth://hotp/X:y?secret=S&counter=1&counter=1 | parameter counter appears more than once",
        "otpauth://totp/X:y?SECRET=S                     | parameter secret must be written in lower case",
        "otpauth://totp/X:y?secret=S&Digits=8            | parameter digits must be written in lower case",
        "otpauth://hotp/X:y?secret=S                     | parameter counter is missing (an hotp URI requires it)",
        "otpauth://totp/X:y?secret=S&digits=5            | parameter digits must be 6 to 8 but was 5",
        "otpauth://totp/X:y?secret=S&digits=9            | parameter digits must be 6 to 8 but was 9",
        "otpauth://totp/X:y?secret=S&digits=10           | parameter digits must be 6 to 8 but was 10",
        "otpauth://totp/X:y?secret=S&digits=six          | parameter digits must be a whole number from 6 to 8",
        "otpauth://totp/X:y?secret=S&digits=             | parameter digits must be a whole number from 6 to 8",
        "otpauth://totp/X:y?secret=S&digits=%2B6         | parameter digits must be a whole number from 6 to 8",
        "otpauth://totp/X:y?secret=S&digits=6.0          | parameter digits must be a whole number from 6 to 8",
        "otpauth://totp/X:y?secret=S&digits=99999999999999999999 | parameter digits must be a whole number from 6 to 8",
        "otpauth://totp/X:y?secret=S&period=0            | parameter period must be 1 to 3600 seconds but was 0",
        "otpauth://totp/X:y?secret=S&period=3601         | parameter period must be 1 to 3600 seconds but was 3601",
        "otpauth://totp/X:y?secret=S&period=30s          | parameter period must be a whole number of seconds from 1 to 3600",
        "otpauth://totp/X:y?secret=S&period=-30          | parameter period must be a whole number of seconds from 1 to 3600",
        "otpauth://hotp/X:y?secret=S&counter=-1          | parameter counter must be 0 or more but was -1",
        "otpauth://hotp/X:y?secret=S&counter=abc         | parameter counter must be a whole number from 0 to 9223372036854775807",
        "otpauth://hotp/X:y?secret=S&counter=            | parameter counter must be a whole number from 0 to 9223372036854775807",
        "otpauth://hotp/X:y?secret=S&counter=9223372036854775808 | parameter counter must be a whole number from 0 to 9223372036854775807",
        "otpauth://hotp/X:y?secret=S&counter=1e3         | parameter counter must be a whole number from 0 to 9223372036854775807",
        "otpauth://totp/X:y?secret=S&algorithm=MD5       | parameter algorithm must be SHA1, SHA256 or SHA512",
        "otpauth://totp/X:y?secret=S&algorithm=          | parameter algorithm must be SHA1, SHA256 or SHA512",
        "otpauth://totp/X:y?secret=S&algorithm=SHA384    | parameter algorithm must be SHA1, SHA256 or SHA512",
        "otpauth://totp/X:y?secret=GEZ1GNBVGY3TQOJQ      | parameter secret is invalid: invalid Base32 character at position 4",
        "otpauth://totp/X:y?secret=JBSWY3DP              | parameter secret is invalid: secret must be at least 10 bytes (16 Base32 characters) but was 5 bytes",
        "otpauth://totp/X:y?secret=                      | parameter secret is invalid: secret must not be empty",
        "otpauth://totp/X:y?secret                       | parameter secret is invalid: secret must not be empty",
        "otpauth://totp/X:y?secret=GEZD=GNBVGY3TQOJQ     | parameter secret is invalid: Base32 padding '=' is only allowed at the end (position 5)",
        "otpauth://totp/X:y?secret=GEZDGNBVGY3TQOJQG     | parameter secret is invalid: Base32 length of 17 characters cannot encode whole bytes (a length that leaves 1, 3 or 6 characters in the last group is impossible)",
        "otpauth://totp/X:y?secret=GEZDGNBVGY3TQOJQGF    | parameter secret is invalid: Base32 character at position 18 has non-zero trailing bits (the text is mistyped or truncated)",
        "otpauth://totp/X:y%G1?secret=S                  | account name has malformed percent-encoding",
        "otpauth://totp/X:y%?secret=S                    | account name has malformed percent-encoding",
        "otpauth://totp/X:y%4?secret=S                   | account name has malformed percent-encoding",
        "otpauth://totp/X%C3%28:y?secret=S               | issuer in the label is not valid UTF-8",
        "otpauth://totp/X:y%C3?secret=S                  | account name is not valid UTF-8",
        "otpauth://totp/X%zz:y?secret=S                  | issuer in the label has malformed percent-encoding",
        "otpauth://totp/X:y?secret=S&issuer=%ZZ          | parameter issuer has malformed percent-encoding",
        "otpauth://totp/X:y?secret=S%                    | parameter secret has malformed percent-encoding",
        "otpauth://totp/X:y?secret=S&image=%E2%82        | parameter image is not valid UTF-8",
        "otpauth://totp/X:y?secret=S&%ZZ=1               | a parameter name has malformed percent-encoding",
        "otpauth://totp/X:y?secret=S&we%ird=1            | a parameter name has malformed percent-encoding",
        "otpauth://totp/X%3Ay:z?secret=S                 | account name must not contain ':'",
        "otpauth://totp/X:y%3Az?secret=S                 | account name must not contain ':'",
        "otpauth://totp/X:y:z?secret=S                   | account name must not contain ':'",
        "otpauth://totp/X:y?secret=S&issuer=A%3AB        | parameter issuer must not contain ':'",
        "otpauth://totp/X:y?secret=S&issuer=A:B          | parameter issuer must not contain ':'",
        "otpauth://totp/?secret=S                        | account name must not be empty",
        "otpauth://totp?secret=S                         | account name must not be empty",
        "otpauth://totp/X:?secret=S                      | account name must not be empty",
        "otpauth://totp/X:%20%20?secret=S                | account name must not be empty",
        "otpauth://totp/X:a%0Ab?secret=S                 | account name must not contain control characters",
        "otpauth://totp/X%7F:ab?secret=S                 | issuer must not contain control characters",
      })
  void parse_rejected_withMessageNamingThePart(String uriTemplate, String message) {
    String uri = uriTemplate.replace("secret=S", "secret=" + S);
    assertThatThrownBy(() -> OtpAuthUri.parse(uri))
        .isInstanceOf(InvalidUriException.class)
        .hasMessage(message)
        .message()
        .doesNotContain("X:y")
        .doesNotContain("totp/")
        .doesNotContain(S.substring(0, 8))
        .doesNotContain("GEZ");
  }

  @Test
  void parse_invalidSecret_keepsTheSecretOutOfTheWholeExceptionChain() {
    String secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ1";
    Throwable t =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> OtpAuthUri.parse("otpauth://totp/X:y?secret=" + secret));
    for (Throwable e = t; e != null; e = e.getCause()) {
      assertThat(String.valueOf(e.getMessage()))
          .doesNotContain("GEZDGNBV")
          .doesNotContain("otpauth");
      assertThat(e.toString()).doesNotContain("GEZDGNBV");
    }
  }

  // ---- round trip property ---------------------------------------------------------------------

  private static final String[] PIECES = {
    "a",
    "Z",
    "0",
    "9",
    " ",
    "&",
    "%",
    "#",
    "?",
    "+",
    "/",
    "=",
    "@",
    "~",
    ".",
    "_",
    "-",
    ",",
    ";",
    "!",
    "*",
    "'",
    "(",
    ")",
    "[",
    "]",
    "\"",
    "<",
    ">",
    "\\",
    "^",
    "`",
    "{",
    "|",
    "}",
    "$",
    "\u00e9",
    "\u00df",
    "\u65e5\u672c",
    "\ud83d\ude00",
    "\u0130",
    "\u00a0x",
    "%3A",
    "%20",
    "%2B",
    "Photo",
    "Portal",
    "alice@example.com"
  };

  private static String randomText(SplittableRandom random) {
    StringBuilder sb = new StringBuilder();
    int pieces = 1 + random.nextInt(8);
    for (int i = 0; i < pieces; i++) {
      sb.append(PIECES[random.nextInt(PIECES.length)]);
    }
    // Trim the ends to a non-whitespace character, as the builder requires.
    String s = sb.toString().strip();
    return s.isEmpty() || Character.isSpaceChar(s.charAt(0)) ? "x" + s + "x" : s + "x";
  }

  @Test
  void roundTrip_randomIssuersAccountsAndParameters_giveBackTheSameValues() throws Exception {
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < 2000; i++) {
      String context = "seed=" + SEED + " case=" + i;
      byte[] key = new byte[10 + random.nextInt(55)];
      random.nextBytes(key);
      OtpSecret secret = OtpSecret.fromBytes(key);
      String issuer = random.nextInt(5) == 0 ? null : randomText(random);
      String account = randomText(random);
      boolean hotp = random.nextBoolean();
      long counter =
          random.nextInt(4) == 0 ? Long.MAX_VALUE - random.nextInt(3) : random.nextLong(1L << 40);
      OtpAuthUri.Builder b =
          hotp
              ? OtpAuthUri.hotp(secret, issuer, account, counter)
              : OtpAuthUri.totp(secret, issuer, account);
      HmacAlgorithm algorithm =
          List.of(HmacAlgorithm.SHA1, HmacAlgorithm.SHA256, HmacAlgorithm.SHA512)
              .get(random.nextInt(3));
      int digits = 6 + random.nextInt(3);
      Duration period = Duration.ofSeconds(random.nextBoolean() ? 30 : 1 + random.nextInt(3600));
      b.algorithm(algorithm).digits(digits);
      if (!hotp) {
        b.period(period);
      }
      Map<String, String> extras = new LinkedHashMap<>();
      int extraCount = random.nextInt(3);
      for (int e = 0; e < extraCount; e++) {
        String name = "x" + randomText(random);
        String value = random.nextInt(4) == 0 ? "" : randomText(random);
        b.extraParameter(name, value);
        extras.put(name, value);
      }
      if (random.nextBoolean()) {
        String image = "https://img.example.com/" + i + ".png?v=" + random.nextInt(100);
        b.image(image);
        extras.put("image", image);
      }
      OtpAuthUri built = b.build();
      String text = built.revealUriString();

      // What we emit: ASCII, no bare '+', parseable by java.net.URI.
      assertThat(text).as(context).matches("[\\x21-\\x7e]+").doesNotContain("+");
      URI javaUri = new URI(text);
      assertThat(javaUri.getScheme()).as(context).isEqualTo("otpauth");
      assertThat(javaUri.getHost()).as(context).isEqualTo(hotp ? "hotp" : "totp");
      assertThat(javaUri.getRawFragment()).as(context).isNull();

      OtpAuthUri parsed = OtpAuthUri.parse(text);
      assertThat(parsed.type()).as(context).isEqualTo(hotp ? OtpType.HOTP : OtpType.TOTP);
      assertThat(parsed.issuer()).as(context).isEqualTo(Optional.ofNullable(issuer));
      assertThat(parsed.account()).as(context).isEqualTo(account);
      assertThat(parsed.secret().sameKeyAs(secret)).as(context).isTrue();
      assertThat(parsed.algorithm()).as(context).isEqualTo(algorithm);
      assertThat(parsed.digits()).as(context).isEqualTo(digits);
      if (hotp) {
        assertThat(parsed.counter()).as(context).isEqualTo(counter);
      } else {
        assertThat(parsed.totpParameters().period()).as(context).isEqualTo(period);
      }
      assertThat(parsed.extraParameters()).as(context).containsExactlyEntriesOf(extras);
      assertThat(parsed.revealUriString()).as(context).isEqualTo(text);

      // Never the secret or the URI in toString().
      assertThat(built.toString())
          .as(context)
          .doesNotContain(secret.revealBase32().substring(0, 16))
          .doesNotContain("otpauth:");
    }
  }

  @Test
  void parse_randomlyMutatedUris_eitherParseOrThrowInvalidUriException_neverQuotingTheSecret() {
    SplittableRandom random = new SplittableRandom(SEED + 1);
    String[] inserts = {
      "%",
      "%3A",
      ":",
      "?",
      "&",
      "=",
      "#",
      "+",
      "/",
      "%C3",
      "%00",
      "\u00e9",
      "secret=",
      "&secret=" + S,
      "&digits=9",
      "&counter=-1",
      "hotp",
      "ǅ",
      "\ud83d",
      "%20",
      " ",
      "Issuer",
      "issuer=X&"
    };
    String[] bases = {
      OtpAuthUri.hotp(RFC_SEED, "Photo Portal", "alice@example.com", 5)
          .algorithm(HmacAlgorithm.SHA256)
          .image("https://example.com/i.png")
          .build()
          .revealUriString(),
      OtpAuthUri.totp(RFC_SEED, null, "alice@example.com").digits(8).build().revealUriString()
    };
    int parsed = 0;
    List<String> problems = new java.util.ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      StringBuilder sb = new StringBuilder(bases[i % 2]);
      int mutations = 1 + random.nextInt(3);
      for (int m = 0; m < mutations; m++) {
        int at = random.nextInt(sb.length() + 1);
        switch (random.nextInt(3)) {
          case 0 -> sb.insert(at, inserts[random.nextInt(inserts.length)]);
          case 1 -> {
            if (at < sb.length()) {
              sb.deleteCharAt(at);
            }
          }
          default -> {
            if (at < sb.length()) {
              sb.setCharAt(at, (char) (0x20 + random.nextInt(0x60)));
            }
          }
        }
      }
      String mutated = sb.toString();
      String context = "seed=" + (SEED + 1) + " case=" + i;
      try {
        OtpAuthUri uri = OtpAuthUri.parse(mutated);
        String again = uri.revealUriString();
        if (uri.account().isEmpty()
            || uri.account().contains(":")
            || !OtpAuthUri.parse(again).revealUriString().equals(again)
            || !OtpAuthUri.parse(again).account().equals(uri.account())
            || !OtpAuthUri.parse(again).issuer().equals(uri.issuer())) {
          problems.add(context + ": parsed value does not survive a round trip");
        }
        parsed++;
      } catch (InvalidUriException e) {
        if (String.valueOf(e.getMessage()).contains(S.substring(0, 8))) {
          problems.add(context + ": message quotes the secret");
        }
      } catch (RuntimeException e) {
        problems.add(context + ": " + e.getClass().getName());
      }
    }
    assertThat(problems).isEmpty();
    // Most single mutations still leave a valid URI; all of them may not.
    assertThat(parsed).isBetween(1000, 9_999);
  }

  // ---- compatibility ---------------------------------------------------------------------------

  @Test
  void compatibility_defaults_workEverywhere() {
    AppCompatibility c = OtpAuthUri.totp(RFC_SEED, "X", "y").build().compatibility();
    assertThat(c).isEqualTo(new AppCompatibility(true, true, List.of()));
    assertThat(c.worksInBoth()).isTrue();
    assertThat(OtpAuthUri.compatibility(TotpParameters.DEFAULT)).isEqualTo(c);
  }

  @Test
  void compatibility_sha256_failsInBoth() {
    AppCompatibility c =
        OtpAuthUri.compatibility(TotpParameters.DEFAULT.withAlgorithm(HmacAlgorithm.SHA256));
    assertThat(c.microsoftAuthenticator()).isFalse();
    assertThat(c.googleAuthenticator()).isFalse();
    assertThat(c.worksInBoth()).isFalse();
    assertThat(c.warnings())
        .containsExactly(
            "Microsoft Authenticator ignores the algorithm and computes SHA1 codes, not SHA256",
            "Google Authenticator handles SHA256 unreliably (some versions silently compute SHA1"
                + " codes)");
  }

  @Test
  void compatibility_eightDigitsAndSixtySeconds() {
    assertThat(OtpAuthUri.compatibility(TotpParameters.DEFAULT.withDigits(8)).warnings())
        .containsExactly(
            "Microsoft Authenticator ignores digits and shows 6-digit codes, not 8",
            "Google Authenticator handles 8 digits unreliably (some versions ignore digits)");
    assertThat(OtpAuthUri.compatibility(TotpParameters.DEFAULT.withPeriod(Duration.ofSeconds(60))))
        .isEqualTo(
            new AppCompatibility(
                false,
                false,
                List.of(
                    "Microsoft Authenticator supports only a 30-second period, not 60 seconds",
                    "Google Authenticator supports only a 30-second period on Android, not 60"
                        + " seconds")));
  }

  @Test
  void compatibility_t0_cannotBeExpressed() {
    assertThat(OtpAuthUri.compatibility(TotpParameters.DEFAULT.withT0(Instant.ofEpochSecond(1))))
        .isEqualTo(
            new AppCompatibility(
                false,
                false,
                List.of(
                    "T0 cannot be expressed in an otpauth URI: every app counts time steps from"
                        + " the Unix epoch")));
  }

  @Test
  void compatibility_hotp_googleOnly() {
    assertThat(OtpAuthUri.hotp(RFC_SEED, "X", "y", 0).build().compatibility())
        .isEqualTo(
            new AppCompatibility(
                false, true, List.of("Microsoft Authenticator supports only TOTP, not HOTP")));
    assertThat(OtpAuthUri.hotp(RFC_SEED, "X", "y", 0).digits(7).build().compatibility().warnings())
        .containsExactly(
            "Microsoft Authenticator supports only TOTP, not HOTP",
            "Microsoft Authenticator ignores digits and shows 6-digit codes, not 7",
            "Google Authenticator supports 6 or 8 digits, not 7");
  }
}
