package io.github.otpkit.totp.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otpkit.totp.store.RecoveryCodeHash;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecoveryCodeHasherTest {
  private static final String ACCOUNT = "account-42";

  private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  private static final String FORMAT = "[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}";

  private final RecoveryCodeHasher hasher = RecoveryCodeHasher.create();

  /** A SecureRandom that returns fixed bytes, to pin the bit-to-character mapping. */
  private static final class FixedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] bytes;

    FixedRandom(byte[] bytes) {
      this.bytes = bytes.clone();
    }

    @Override
    public void nextBytes(byte[] out) {
      for (int i = 0; i < out.length; i++) {
        out[i] = bytes[i % bytes.length];
      }
    }
  }

  @Test
  void generate_defaultTenCodesInFourGroupsOfFour() {
    RecoveryCodes codes = hasher.generate(ACCOUNT, 10);
    assertThat(codes.count()).isEqualTo(10);
    assertThat(codes.revealCodes()).hasSize(10).allMatch(c -> c.matches(FORMAT));
    assertThat(codes.hashes()).hasSize(10);
    assertThat(new HashSet<>(codes.revealCodes())).hasSize(10);
    assertThat(RecoveryCodeHasher.CODE_BITS).isEqualTo(80);
  }

  @Test
  void generate_eightyBitsMapToSixteenCharacters() {
    RecoveryCodeHasher zeros =
        RecoveryCodeHasher.builder().secureRandom(new FixedRandom(new byte[] {0})).build();
    assertThat(zeros.generate(ACCOUNT, 1).revealCodes()).containsExactly("0000-0000-0000-0000");
    RecoveryCodeHasher ones =
        RecoveryCodeHasher.builder().secureRandom(new FixedRandom(new byte[] {-1})).build();
    assertThat(ones.generate(ACCOUNT, 1).revealCodes()).containsExactly("ZZZZ-ZZZZ-ZZZZ-ZZZZ");
    // 0x00 0x44 0x32 0x14 0xC7 repeated: the 5-bit groups 0..7 give "0123" "4567".
    RecoveryCodeHasher counting =
        RecoveryCodeHasher.builder()
            .secureRandom(new FixedRandom(new byte[] {0x00, 0x44, 0x32, 0x14, (byte) 0xC7}))
            .build();
    assertThat(counting.generate(ACCOUNT, 1).revealCodes()).containsExactly("0123-4567-0123-4567");
  }

  @Test
  void generate_everyCharacterAtEveryPosition_fromSecureRandom() {
    List<Map<Character, Integer>> seen = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      seen.add(new HashMap<>());
    }
    Set<String> all = new HashSet<>();
    for (int n = 0; n < 40; n++) {
      for (String code : hasher.generate(ACCOUNT, 50).revealCodes()) {
        all.add(code);
        String plain = code.replace("-", "");
        for (int i = 0; i < 16; i++) {
          seen.get(i).merge(plain.charAt(i), 1, Integer::sum);
        }
      }
    }
    assertThat(all).hasSize(2000);
    for (int i = 0; i < 16; i++) {
      // With 2000 codes, a missing symbol at a position has probability below 1e-26.
      assertThat(seen.get(i).keySet()).as("position %d", i).hasSize(32);
    }
  }

  @Test
  void generate_countOutOfRange_rejected() {
    assertThatThrownBy(() -> hasher.generate(ACCOUNT, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("recovery code count must be 1 to 100 but was 0");
    assertThatThrownBy(() -> hasher.generate(ACCOUNT, 101))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("recovery code count must be 1 to 100 but was 101");
  }

  @Test
  void hashes_containNoCodeAndDifferForTheSameCode() {
    RecoveryCodes codes = hasher.generate(ACCOUNT, 10);
    for (int i = 0; i < codes.count(); i++) {
      RecoveryCodeHash h = codes.hashes().get(i);
      String code = codes.revealCodes().get(i);
      assertThat(h.salt()).hasSize(16);
      assertThat(h.hash()).hasSize(32);
      assertThat(h.isUsed()).isFalse();
      String stored =
          new String(h.salt(), StandardCharsets.ISO_8859_1)
              + new String(h.hash(), StandardCharsets.ISO_8859_1)
              + h.id()
              + h;
      assertThat(stored)
          .doesNotContain(code.replace("-", ""))
          .doesNotContain(code.substring(0, 4) + code.substring(5, 9));
    }
    RecoveryCodeHash a = hasher.hash(ACCOUNT, "0000-0000-0000-0000");
    RecoveryCodeHash b = hasher.hash(ACCOUNT, "0000-0000-0000-0000");
    assertThat(a.salt()).isNotEqualTo(b.salt());
    assertThat(a.hash()).isNotEqualTo(b.hash());
    assertThat(a.id()).isNotEqualTo(b.id());
    assertThat(hasher.match(ACCOUNT, "0000000000000000", List.of(a))).contains(a);
    assertThat(hasher.match(ACCOUNT, "0000000000000000", List.of(b))).contains(b);
  }

  @Test
  void match_findsTheTypedCode_amongAll() {
    RecoveryCodes codes = hasher.generate(ACCOUNT, 10);
    for (int i = 0; i < codes.count(); i++) {
      assertThat(hasher.match(ACCOUNT, codes.revealCodes().get(i), codes.hashes()))
          .contains(codes.hashes().get(i));
    }
    assertThat(
            hasher.match(ACCOUNT, hasher.generate(ACCOUNT, 1).revealCodes().get(0), codes.hashes()))
        .isEmpty();
    assertThat(hasher.match(ACCOUNT, codes.revealCodes().get(0), List.of())).isEmpty();
  }

  @Test
  void match_normalisesCaseSpacesHyphensAndLookAlikes() {
    RecoveryCodeHash stored = hasher.hash(ACCOUNT, "01AB-CDEF-GHJK-1M0P");
    List<RecoveryCodeHash> list = List.of(stored);
    for (String typed :
        new String[] {
          "01AB-CDEF-GHJK-1M0P",
          "01abcdefghjk1m0p",
          " 01ab cdef ghjk 1m0p ",
          "O1AB-CDEF-GHJK-IMOP",
          "oLab-cdef-ghjk-lmop",
          "0-1-A-B-C-D-E-F-G-H-J-K-1-M-0-P"
        }) {
      assertThat(hasher.match(ACCOUNT, typed, list)).as(typed).contains(stored);
      assertThat(RecoveryCodeHasher.isWellFormed(typed)).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "01AB-CDEF-GHJK-1M0",
        "01AB-CDEF-GHJK-1M0PQ",
        "01AB-CDEF-GHJK-1M0U",
        "01AB-CDEF-GHJK-1M0*",
        "01AB\tCDEF-GHJK-1M0P",
        "０1AB-CDEF-GHJK-1M0P",
        "01AB_CDEF_GHJK_1M0P"
      })
  void match_malformedInput_matchesNothing(String typed) {
    RecoveryCodeHash stored = hasher.hash(ACCOUNT, "01AB-CDEF-GHJK-1M0P");
    assertThat(hasher.match(ACCOUNT, typed, List.of(stored))).isEmpty();
    assertThat(RecoveryCodeHasher.isWellFormed(typed)).isFalse();
  }

  @Test
  void hash_malformed_rejectedWithoutEchoingInput() {
    assertThatThrownBy(() -> hasher.hash(ACCOUNT, "SECRET-LOOKING-INPUT"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "recovery code must be 16 characters of 0-9 and A-Z except U,"
                + " optionally grouped with spaces or hyphens");
  }

  @Test
  void match_usedCode_returnedAsUsed() {
    RecoveryCodes codes = hasher.generate(ACCOUNT, 3);
    List<RecoveryCodeHash> stored = new ArrayList<>(codes.hashes());
    stored.set(1, stored.get(1).markedUsed(Instant.EPOCH));
    RecoveryCodeHash found =
        hasher.match(ACCOUNT, codes.revealCodes().get(1), stored).orElseThrow();
    assertThat(found.isUsed()).isTrue();
    assertThat(found.usedAt()).contains(Instant.EPOCH);
  }

  @Test
  void match_hashesEveryStoredCode_whereverTheMatchIs() {
    AtomicInteger hashes = new AtomicInteger();
    RecoveryCodeHasher counting =
        RecoveryCodeHasher.builder().hashObserver(hashes::incrementAndGet).build();
    RecoveryCodes codes = counting.generate(ACCOUNT, 10);
    for (String typed :
        List.of(
            codes.revealCodes().get(0),
            codes.revealCodes().get(9),
            codes.revealCodes().get(4),
            counting.generate(ACCOUNT, 1).revealCodes().get(0))) {
      hashes.set(0);
      ignore(counting.match(ACCOUNT, typed, codes.hashes()));
      assertThat(hashes.get()).as("hash computations").isEqualTo(10);
    }
  }

  @Test
  void pepper_requiredToMatch() {
    byte[] pepper = new byte[32];
    Arrays.fill(pepper, (byte) 7);
    RecoveryCodeHasher peppered = RecoveryCodeHasher.builder().pepper(pepper).build();
    RecoveryCodes codes = peppered.generate(ACCOUNT, 2);
    assertThat(peppered.match(ACCOUNT, codes.revealCodes().get(0), codes.hashes()))
        .contains(codes.hashes().get(0));
    assertThat(hasher.match(ACCOUNT, codes.revealCodes().get(0), codes.hashes())).isEmpty();
    byte[] other = pepper.clone();
    other[0] = 8;
    assertThat(
            RecoveryCodeHasher.builder()
                .pepper(other)
                .build()
                .match(ACCOUNT, codes.revealCodes().get(0), codes.hashes()))
        .isEmpty();
    assertThat(peppered.isPeppered()).isTrue();
    assertThat(hasher.isPeppered()).isFalse();
    assertThatThrownBy(() -> RecoveryCodeHasher.builder().pepper(new byte[15]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pepper must be 16 to 64 bytes but was 15 bytes");
  }

  @Test
  void toString_redacted() {
    RecoveryCodes codes = hasher.generate(ACCOUNT, 2);
    assertThat(codes.toString()).isEqualTo("RecoveryCodes[2 codes, redacted]");
    byte[] pepper = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    RecoveryCodeHasher peppered = RecoveryCodeHasher.builder().pepper(pepper).build();
    assertThat(peppered.toString())
        .isEqualTo("RecoveryCodeHasher[HMAC-SHA-256, pepper redacted]")
        .doesNotContain("0123456789abcdef");
    assertThat(hasher.toString()).isEqualTo("RecoveryCodeHasher[HMAC-SHA-256, no pepper]");
    RecoveryCodeHash h = codes.hashes().get(0);
    assertThat(h.toString()).isEqualTo("RecoveryCodeHash[id " + h.id() + ", unused]");
    for (String code : codes.revealCodes()) {
      assertThat(codes + " " + h + " " + h.markedUsed(Instant.EPOCH))
          .doesNotContain(code)
          .doesNotContain(code.replace("-", "").toLowerCase(Locale.ROOT));
    }
  }

  @Test
  void recoveryCodeHash_validatesAndCopies() {
    byte[] salt = new byte[16];
    byte[] hash = new byte[32];
    RecoveryCodeHash h = RecoveryCodeHash.of("id-1", salt, hash, null);
    salt[0] = 1;
    assertThat(h.salt()[0]).isZero();
    h.hash()[0] = 1;
    assertThat(h.hash()[0]).isZero();
    assertThat(h).isEqualTo(RecoveryCodeHash.of("id-1", new byte[16], new byte[32], null));
    assertThat(h.markedUsed(Instant.parse("2026-01-01T00:00:00.123456789Z")).usedAt())
        .contains(Instant.parse("2026-01-01T00:00:00.123456Z"));
    assertThatThrownBy(() -> RecoveryCodeHash.of("id", new byte[15], hash, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("recovery code salt must be 16 bytes but was 15 bytes");
    assertThatThrownBy(() -> RecoveryCodeHash.of("id", salt, new byte[31], null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("recovery code hash must be 32 bytes but was 31 bytes");
    assertThatThrownBy(() -> RecoveryCodeHash.of("a b", salt, hash, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "recovery code id must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' and '-'");
  }

  @Test
  void alphabet_isCrockfordBase32() {
    assertThat(ALPHABET).hasSize(32).doesNotContain("I", "L", "O", "U");
  }

  @Test
  void match_hashBoundToItsAccount_sameRowUnderAnotherAccountDoesNotMatch() {
    RecoveryCodes codes = hasher.generate(ACCOUNT, 2);
    String typed = codes.revealCodes().get(0);

    assertThat(hasher.match(ACCOUNT, typed, codes.hashes())).contains(codes.hashes().get(0));
    assertThat(hasher.match("account-43", typed, codes.hashes())).isEmpty();
    assertThat(hasher.match("account-4", typed, codes.hashes())).isEmpty();
    RecoveryCodeHash other = hasher.hash("account-43", typed);
    assertThat(hasher.match(ACCOUNT, typed, List.of(other))).isEmpty();
  }

  /** Makes an attempt whose result the test checks otherwise (state, events, logs). */
  private static void ignore(Object result) {
    assertThat(result).isNotNull();
  }
}
