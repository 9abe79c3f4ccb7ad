package io.github.otpkit.totp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Property tests of otpauth URIs over seeded random inputs (see {@link PropertySeed}). */
class OtpAuthUriPropertyTest {
  private static final java.util.List<HmacAlgorithm> ALGORITHMS =
      java.util.List.of(HmacAlgorithm.values());
  private static final int CASES = PropertySeed.cases(1_000);

  /**
   * Characters for issuers and account names: URI delimiters, percent and plus signs, Latin and
   * other scripts, an emoji (a surrogate pair) and inner spaces. No colon and no control character,
   * which the builder rejects.
   */
  private static final String[] PIECES = {
    "a",
    "Z",
    "0",
    "9",
    " ",
    "+",
    "%",
    "%20",
    "&",
    "=",
    "?",
    "/",
    "#",
    "@",
    ".",
    "-",
    "_",
    "~",
    "'",
    "\"",
    "<",
    ">",
    "[",
    "]",
    "é",
    "ß",
    "Ω",
    "日本",
    "\uD83D\uDD11",
    "\u00a0x",
    "alice",
    "Photo Portal"
  };

  @Test
  void revealedUri_parsesBackToTheSameAccount() {
    SplittableRandom random = PropertySeed.random("uriRoundTrip");
    for (int i = 0; i < CASES; i++) {
      String what = PropertySeed.describe("uriRoundTrip", i);
      OtpSecret secret =
          OtpSecret.generate(random.nextInt(OtpSecret.MIN_BYTES, OtpSecret.MAX_BYTES + 1));
      @Nullable String issuer = random.nextInt(5) == 0 ? null : labelPart(random);
      String account = labelPart(random);
      HmacAlgorithm algorithm = ALGORITHMS.get(random.nextInt(ALGORITHMS.size()));
      int digits = random.nextInt(6, 9);
      boolean hotp = random.nextBoolean();
      long counter = random.nextLong(0, Long.MAX_VALUE);
      Duration period = Duration.ofSeconds(random.nextInt(1, 3601));
      OtpAuthUri.Builder builder =
          hotp
              ? OtpAuthUri.hotp(secret, issuer, account, counter)
              : OtpAuthUri.totp(secret, issuer, account).period(period);
      builder.algorithm(algorithm).digits(digits);
      if (random.nextInt(4) == 0) {
        builder.extraParameter("x-" + random.nextInt(100), labelPart(random));
      }
      OtpAuthUri built = builder.build();
      String text = built.revealUriString();

      assertThat(text).as(what).startsWith(hotp ? "otpauth://hotp/" : "otpauth://totp/");
      assertThat(text).as(what).doesNotContain(" ", "+");
      assertThat(text.chars().allMatch(c -> c > 0x20 && c < 0x7f))
          .as(what + ": ASCII only")
          .isTrue();

      OtpAuthUri parsed = OtpAuthUri.parse(text);

      assertSameAccount(what, parsed, built);
      assertThat(parsed.revealUriString()).as(what).isEqualTo(text);
      assertThat(parsed.toString()).as(what).doesNotContain(secret.revealBase32());
    }
  }

  static void assertSameAccount(String what, OtpAuthUri actual, OtpAuthUri expected) {
    assertThat(actual.type()).as(what).isEqualTo(expected.type());
    assertThat(actual.issuer()).as(what).isEqualTo(expected.issuer());
    assertThat(actual.account()).as(what).isEqualTo(expected.account());
    assertThat(actual.algorithm()).as(what).isEqualTo(expected.algorithm());
    assertThat(actual.digits()).as(what).isEqualTo(expected.digits());
    assertThat(actual.secret().sameKeyAs(expected.secret())).as(what + ": same secret").isTrue();
    assertThat(actual.extraParameters()).as(what).isEqualTo(expected.extraParameters());
    if (expected.type() == OtpType.TOTP) {
      assertThat(actual.totpParameters()).as(what).isEqualTo(expected.totpParameters());
    } else {
      assertThat(actual.counter()).as(what).isEqualTo(expected.counter());
    }
  }

  /** A non-empty issuer or account name without colons, control characters or outer spaces. */
  private static String labelPart(SplittableRandom random) {
    StringBuilder sb = new StringBuilder();
    int pieces = random.nextInt(1, 6);
    for (int i = 0; i < pieces; i++) {
      sb.append(PIECES[random.nextInt(PIECES.length)]);
    }
    String text = sb.toString();
    while (!text.isEmpty() && isSpace(text.charAt(0))) {
      text = text.substring(1);
    }
    while (!text.isEmpty() && isSpace(text.charAt(text.length() - 1))) {
      text = text.substring(0, text.length() - 1);
    }
    return text.isEmpty() ? "x" : text;
  }

  private static boolean isSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }
}
