package io.github.otpkit.totp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Coverage-guided fuzzing of {@link OtpAuthUri#parse(String)} with Jazzer. A plain {@code mvn
 * verify} runs the saved inputs in {@code src/test/resources/.../OtpAuthUriFuzzTestInputs}; {@code
 * JAZZER_FUZZ=1} fuzzes (see the README's Quality section).
 */
class OtpAuthUriFuzzTest {

  /**
   * Any text either parses, and then what it parsed to is written back as a URI that parses to the
   * same account (a fixed point), or fails with an {@link InvalidUriException} that quotes neither
   * the text nor the secret.
   */
  @FuzzTest(maxDuration = "60s")
  @DictionaryEntries({
    "otpauth://totp/",
    "otpauth://hotp/",
    "OTPAUTH://TOTP/",
    "?secret=",
    "&secret=",
    "JBSWY3DPEHPK3PXP",
    "&issuer=",
    "&algorithm=SHA256",
    "&algorithm=SHA512",
    "&digits=8",
    "&period=60",
    "&counter=",
    "&image=https://example.com/i.png",
    ":",
    "%3A",
    "%3a",
    "%20",
    "+",
    "%",
    "%C3%A9",
    "%FF",
    "#",
    "=",
    "&",
    "?"
  })
  void parse_acceptsOnlyWhatItCanWriteBack(byte[] input) {
    check(new String(input, StandardCharsets.UTF_8));
    check(new String(input, StandardCharsets.ISO_8859_1));
  }

  private static void check(String text) {
    OtpAuthUri uri;
    try {
      uri = OtpAuthUri.parse(text);
    } catch (InvalidUriException e) {
      assertThat(e.getMessage()).isNotBlank();
      if (text.length() >= 16) {
        assertThat(e.getMessage()).doesNotContain(text);
      }
      return;
    }
    assertThat(text.substring(0, 10).toLowerCase(Locale.ROOT)).isEqualTo("otpauth://");
    String written = uri.revealUriString();
    OtpAuthUri again = OtpAuthUri.parse(written);
    OtpAuthUriPropertyTest.assertSameAccount("written back", again, uri);
    assertThat(again.revealUriString()).isEqualTo(written);
    String secret = uri.secret().revealBase32();
    String shown = uri.account() + uri.issuer().orElse("") + uri.extraParameters().keySet();
    if (!shown.contains(secret)) {
      // (An account name may spell out the secret's text, as a saved input does: that is no leak.)
      assertThat(uri.toString()).contains("secret redacted").doesNotContain(secret);
    }
  }
}
