package io.github.otpkit.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Property tests of Base32 secrets over seeded random inputs (see {@link PropertySeed}). */
class OtpSecretPropertyTest {
  private static final int CASES = PropertySeed.cases(2_000);
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  /** Characters that are never part of a secret: digits 0, 1, 8, 9, Base64 extras, look-alikes. */
  private static final String FOREIGN =
      "0189+/.,_:;\t\n\r\u00a0\u00e9\u00c4\uff21\uff12\u0410\u2003\u200b!";

  @Test
  void fromBase32_ofRevealedTextInAnyHumanForm_givesTheSameKey() {
    SplittableRandom random = PropertySeed.random("humanForm");
    for (int i = 0; i < CASES; i++) {
      String what = PropertySeed.describe("humanForm", i);
      byte[] key =
          bytes(random, random.nextInt(OtpSecret.LEGACY_MIN_BYTES, OtpSecret.MAX_BYTES + 1));
      String text = OtpSecret.fromBytes(key).revealBase32();
      assertThat(text).as(what).isEqualTo(Base32Model.encode(key));
      String human = humanForm(random, text);

      OtpSecret parsed = OtpSecret.fromBase32(human);

      assertThat(parsed.revealBytes()).as(what).isEqualTo(key);
      assertThat(parsed.revealBase32()).as(what).isEqualTo(text);
      assertThat(OtpSecret.fromBase32(parsed.revealBase32Grouped()).revealBytes())
          .as(what)
          .isEqualTo(key);
    }
  }

  @Test
  void fromBase32_withOneForeignCharacter_namesItsPosition() {
    SplittableRandom random = PropertySeed.random("foreign");
    for (int i = 0; i < CASES; i++) {
      String what = PropertySeed.describe("foreign", i);
      String text = OtpSecret.generate(random.nextInt(OtpSecret.MIN_BYTES, 41)).revealBase32();
      int at = random.nextInt(text.length() + 1);
      char bad = FOREIGN.charAt(random.nextInt(FOREIGN.length()));
      String broken = text.substring(0, at) + bad + text.substring(at);

      assertThatThrownBy(() -> OtpSecret.fromBase32(broken))
          .as(what)
          .isInstanceOf(InvalidSecretException.class)
          .hasMessage("invalid Base32 character at position " + (at + 1));
    }
  }

  @Test
  void fromBase32_ofRandomText_agreesWithTheDocumentedGrammar() {
    SplittableRandom random = PropertySeed.random("grammar");
    String pool = ALPHABET + ALPHABET.toLowerCase(java.util.Locale.ROOT) + " -=" + FOREIGN;
    int accepted = 0;
    for (int i = 0; i < CASES * 5; i++) {
      String what = PropertySeed.describe("grammar", i);
      String text;
      if (random.nextBoolean()) {
        StringBuilder sb = new StringBuilder();
        int length = random.nextInt(0, 110);
        for (int j = 0; j < length; j++) {
          // Mostly alphabet characters, so that many texts come close to valid ones.
          sb.append(
              random.nextInt(10) < 8
                  ? ALPHABET.charAt(random.nextInt(32))
                  : pool.charAt(random.nextInt(pool.length())));
        }
        text = sb.toString();
      } else {
        text = mutate(random, humanForm(random, OtpSecret.generate(20).revealBase32()));
      }
      byte[] expected = Base32Model.decode(text);
      if (expected == null) {
        assertThatThrownBy(() -> OtpSecret.fromBase32(text))
            .as(what)
            .isInstanceOf(InvalidSecretException.class);
      } else {
        accepted++;
        OtpSecret secret;
        try {
          secret = OtpSecret.fromBase32(text);
        } catch (InvalidSecretException e) {
          throw new AssertionError(what + ": rejected a valid secret: " + e.getMessage(), e);
        }
        assertThat(secret.revealBytes()).as(what).isEqualTo(expected);
        assertThat(secret.revealBase32()).as(what).isEqualTo(Base32Model.canonical(text));
      }
    }
    assertThat(accepted).as("valid texts among the generated ones").isGreaterThan(CASES / 4);
  }

  @Test
  void exceptionMessages_neverQuoteTheText() {
    SplittableRandom random = PropertySeed.random("quote");
    for (int i = 0; i < CASES; i++) {
      String what = PropertySeed.describe("quote", i);
      String text = mutate(random, OtpSecret.generate(20).revealBase32());
      String canonical = Base32Model.canonical(text);
      try {
        assertThat(OtpSecret.fromBase32(text).toString()).doesNotContain(canonical.substring(0, 8));
      } catch (InvalidSecretException e) {
        assertThat(e.getMessage()).as(what).doesNotContain(canonical.substring(0, 8));
      }
    }
  }

  private static byte[] bytes(SplittableRandom random, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) random.nextInt(256);
    }
    return b;
  }

  /** Writes Base32 text as people do: mixed case, spaces and hyphens, with or without padding. */
  private static String humanForm(SplittableRandom random, String text) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      sb.append(random.nextBoolean() ? Character.toLowerCase(c) : c);
      if (random.nextInt(6) == 0) {
        sb.append(random.nextBoolean() ? ' ' : '-');
      }
    }
    if (random.nextBoolean()) {
      int padding = (8 - text.length() % 8) % 8;
      sb.append("=".repeat(padding));
    }
    return sb.toString();
  }

  /** Changes, deletes or inserts one or two characters. */
  private static String mutate(SplittableRandom random, String text) {
    StringBuilder sb = new StringBuilder(text);
    int edits = random.nextInt(1, 3);
    for (int e = 0; e < edits && sb.length() > 0; e++) {
      int at = random.nextInt(sb.length());
      char c =
          random.nextBoolean()
              ? ALPHABET.charAt(random.nextInt(32))
              : FOREIGN.charAt(random.nextInt(FOREIGN.length()));
      switch (random.nextInt(4)) {
        case 0 -> sb.setCharAt(at, c);
        case 1 -> sb.deleteCharAt(at);
        case 2 -> sb.insert(at, c);
        default -> sb.insert(at, '=');
      }
    }
    return sb.toString();
  }
}
