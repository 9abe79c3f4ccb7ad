package io.github.otpkit.totp.auth;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.github.otpkit.totp.store.EnrollmentStore;
import io.github.otpkit.totp.store.RecoveryCodeHash;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Generates recovery codes, hashes them for storage, bound to their account, and checks a code that
 * a user typed against the stored hashes in constant time. Used by {@link TwoFactorService}.
 *
 * <h2>Codes</h2>
 *
 * 16 characters of Crockford's Base32 alphabet ({@code 0123456789ABCDEFGHJKMNPQRSTVWXYZ}), that is
 * 80 bits from {@link SecureRandom} per code, shown as {@code XXXX-XXXX-XXXX-XXXX}. Input is
 * normalised before it is hashed: ASCII spaces and hyphens are removed, letters are upper-cased,
 * and the look-alikes {@code O} (read as zero) and {@code I}, {@code L} (read as one) are mapped as
 * Crockford's alphabet prescribes. Anything else, or a length other than 16, is malformed.
 *
 * <h2>Why a fast salted hash is enough</h2>
 *
 * A stored code is {@code HMAC-SHA-256(k, "otpkit-recovery-v2" || salt || len(id) || id || code)}
 * with a random 16-byte salt per code and the account id in UTF-8 after its 4-byte big-endian
 * length, where {@code k} is the optional server-side pepper or a fixed public constant. The
 * account id binds the hash to its account: a row copied onto another account does not match there.
 * Slow password hashes (bcrypt, Argon2) exist to protect low-entropy secrets that people choose. A
 * recovery code has 80 random bits: with a stolen database, an attacker who computes 10^12 hashes a
 * second still needs about 19,000 years on average to find one code, and the per-code salt stops
 * any precomputation and any attack on all codes at once. A fast hash keeps sign-in cheap and gives
 * an attacker nothing. A pepper kept outside the database (like the encryption key) makes a stolen
 * database alone useless; it cannot be changed without regenerating every user's codes.
 *
 * <h2>Constant time</h2>
 *
 * {@link #match(String, CharSequence, List)} hashes the input with every stored salt and compares
 * every hash with {@link MessageDigest#isEqual}, used codes included, and picks the match without a
 * data-dependent branch or early exit, so the time does not tell which code matched or how many
 * codes were tried before it.
 *
 * <h2>Thread safety</h2>
 *
 * Immutable and thread-safe. The {@link Builder} is mutable and not thread-safe.
 */
final class RecoveryCodeHasher {
  /** The number of codes issued at once by default: 10. */
  static final int DEFAULT_COUNT = 10;

  /** The most codes issued at once: 100. */
  static final int MAX_COUNT = EnrollmentStore.MAX_RECOVERY_CODES;

  /** Characters in a code, without separators: 16. */
  static final int CODE_LENGTH = RecoveryCodes.CODE_LENGTH;

  /** Random bits in a code: 80. */
  static final int CODE_BITS = CODE_LENGTH * 5;

  /** Shortest pepper: 16 bytes. */
  static final int MIN_PEPPER_BYTES = 16;

  /** Longest pepper: 64 bytes. */
  static final int MAX_PEPPER_BYTES = 64;

  private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  private static final byte[] DOMAIN = "otpkit-recovery-v2".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PUBLIC_KEY =
      "otpkit recovery code hash, no pepper".getBytes(StandardCharsets.US_ASCII);
  private static final String MAC = "HmacSHA256";

  private final SecretKeySpec key;
  private final SecureRandom random;
  private final boolean peppered;
  private final Runnable hashObserver;

  private RecoveryCodeHasher(
      SecretKeySpec key, SecureRandom random, boolean peppered, Runnable hashObserver) {
    this.key = key;
    this.random = random;
    this.peppered = peppered;
    this.hashObserver = hashObserver;
  }

  /**
   * Creates a hasher without pepper and with a new {@link SecureRandom}.
   *
   * @return the hasher
   */
  static RecoveryCodeHasher create() {
    return builder().build();
  }

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Generates new recovery codes with their hashes.
   *
   * @param accountId the account the codes belong to
   * @param count 1 to {@value #MAX_COUNT}
   * @return the codes, to show once, and their hashes, to store
   * @throws IllegalArgumentException if {@code count} is out of range
   */
  RecoveryCodes generate(String accountId, int count) {
    if (count < 1 || count > MAX_COUNT) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT, "recovery code count must be 1 to %d but was %d", MAX_COUNT, count));
    }
    Mac mac = newMac();
    byte[] account = accountBytes(accountId);
    List<String> codes = new ArrayList<>(count);
    List<RecoveryCodeHash> hashes = new ArrayList<>(count);
    byte[] raw = new byte[CODE_BITS / 8];
    byte[] code = new byte[CODE_LENGTH];
    try {
      for (int i = 0; i < count; i++) {
        random.nextBytes(raw);
        for (int c = 0; c < CODE_LENGTH; c++) {
          code[c] = (byte) ALPHABET.charAt(fiveBits(raw, c));
        }
        codes.add(format(code));
        hashes.add(hashNormalized(mac, account, code));
      }
    } finally {
      Arrays.fill(raw, (byte) 0);
      Arrays.fill(code, (byte) 0);
    }
    return new RecoveryCodes(codes, hashes);
  }

  /**
   * Hashes one code for storage, with a new random salt and id. {@link #generate(String, int)}
   * already returns the hashes of the codes it makes.
   *
   * @param accountId the account the code belongs to
   * @param code the code, in any form {@link #isWellFormed(CharSequence)} accepts
   * @return the stored form
   * @throws IllegalArgumentException if the code is malformed
   */
  RecoveryCodeHash hash(String accountId, CharSequence code) {
    Objects.requireNonNull(code, "code");
    byte[] normalized = normalize(code);
    if (normalized == null) {
      throw new IllegalArgumentException(
          "recovery code must be 16 characters of 0-9 and A-Z except U,"
              + " optionally grouped with spaces or hyphens");
    }
    try {
      return hashNormalized(newMac(), accountBytes(accountId), normalized);
    } finally {
      Arrays.fill(normalized, (byte) 0);
    }
  }

  /**
   * Finds the stored code that a typed code matches, comparing against every stored hash in
   * constant time (see the class description).
   *
   * <p>A match on a code that was already used is returned as well ({@link
   * RecoveryCodeHash#isUsed()} is then {@code true}): the caller reports "already used" and must
   * not accept it. To accept an unused match, the caller spends it with {@link
   * EnrollmentStore#spendRecoveryCode}, which succeeds only once.
   *
   * @param accountId the account whose codes these are
   * @param input the code as the user typed it
   * @param stored the account's stored codes
   * @return the matching stored code, or empty if the input is malformed or matches none
   */
  Optional<RecoveryCodeHash> match(
      String accountId, CharSequence input, List<RecoveryCodeHash> stored) {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(stored, "stored");
    byte[] normalized = normalize(input);
    if (normalized == null) {
      // The decision depends on the input's shape only, never on a stored value.
      return Optional.empty();
    }
    try {
      Mac mac = newMac();
      byte[] account = accountBytes(accountId);
      int found = 0;
      int index = 0;
      for (int i = 0; i < stored.size(); i++) {
        RecoveryCodeHash candidate = stored.get(i);
        byte[] computed = digest(mac, candidate.salt(), account, normalized);
        int equal = MessageDigest.isEqual(computed, candidate.hash()) ? 1 : 0;
        int mask = -equal;
        index = (index & ~mask) | (i & mask);
        found |= equal;
      }
      return found == 1 ? Optional.of(stored.get(index)) : Optional.empty();
    } finally {
      Arrays.fill(normalized, (byte) 0);
    }
  }

  /**
   * Tells whether text has the shape of a recovery code after normalisation, so that a form can say
   * "malformed" rather than "wrong".
   *
   * @param input the code as typed
   * @return {@code true} if it normalises to 16 characters of the alphabet
   */
  static boolean isWellFormed(CharSequence input) {
    Objects.requireNonNull(input, "input");
    byte[] normalized = normalize(input);
    if (normalized == null) {
      return false;
    }
    Arrays.fill(normalized, (byte) 0);
    return true;
  }

  /**
   * Tells whether this hasher uses a pepper.
   *
   * @return {@code true} if a pepper was configured
   */
  boolean isPeppered() {
    return peppered;
  }

  /**
   * Describes the hasher without the pepper.
   *
   * @return e.g. {@code RecoveryCodeHasher[HMAC-SHA-256, pepper redacted]}
   */
  @Override
  public String toString() {
    return "RecoveryCodeHasher[HMAC-SHA-256, " + (peppered ? "pepper redacted]" : "no pepper]");
  }

  private RecoveryCodeHash hashNormalized(Mac mac, byte[] account, byte[] normalized) {
    byte[] salt = new byte[RecoveryCodeHash.SALT_BYTES];
    random.nextBytes(salt);
    return RecoveryCodeHash.of(newId(), salt, digest(mac, salt, account, normalized), null);
  }

  /** The account id as hashed: its UTF-8 length as 4 big-endian bytes, then the UTF-8 bytes. */
  private static byte[] accountBytes(String accountId) {
    byte[] id = accountId.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[4 + id.length];
    out[0] = (byte) (id.length >>> 24);
    out[1] = (byte) (id.length >>> 16);
    out[2] = (byte) (id.length >>> 8);
    out[3] = (byte) id.length;
    System.arraycopy(id, 0, out, 4, id.length);
    return out;
  }

  private String newId() {
    byte[] b = new byte[16];
    random.nextBytes(b);
    b[6] = (byte) ((b[6] & 0x0f) | 0x40); // version 4
    b[8] = (byte) ((b[8] & 0x3f) | 0x80); // IETF variant
    long hi = 0;
    long lo = 0;
    for (int i = 0; i < 8; i++) {
      hi = (hi << 8) | (b[i] & 0xff);
      lo = (lo << 8) | (b[i + 8] & 0xff);
    }
    return new UUID(hi, lo).toString();
  }

  private byte[] digest(Mac mac, byte[] salt, byte[] account, byte[] normalized) {
    hashObserver.run();
    mac.update(DOMAIN);
    mac.update(salt);
    mac.update(account);
    mac.update(normalized);
    return mac.doFinal();
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(MAC);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(MAC + " is not available in this JVM", e);
    }
  }

  /** Reads the 5-bit group {@code index} of an 80-bit big-endian value. */
  private static int fiveBits(byte[] raw, int index) {
    int bit = index * 5;
    int b = bit / 8;
    int two = ((raw[b] & 0xff) << 8) | (b + 1 < raw.length ? raw[b + 1] & 0xff : 0);
    return (two >>> (11 - bit % 8)) & 0x1f;
  }

  private static String format(byte[] code) {
    StringBuilder sb = new StringBuilder(CODE_LENGTH + 3);
    for (int i = 0; i < CODE_LENGTH; i++) {
      if (i > 0 && i % 4 == 0) {
        sb.append('-');
      }
      sb.append((char) code[i]);
    }
    return sb.toString();
  }

  /**
   * Normalises a typed code.
   *
   * @param input the code as typed
   * @return 16 ASCII bytes of the alphabet, or {@code null} if the input is malformed
   */
  static byte @Nullable [] normalize(CharSequence input) {
    byte[] out = new byte[CODE_LENGTH];
    int count = 0;
    for (int i = 0; i < input.length(); i++) {
      char c = input.charAt(i);
      if (c == ' ' || c == '-') {
        continue;
      }
      if (c >= 'a' && c <= 'z') {
        c = (char) (c - 'a' + 'A');
      }
      if (c == 'O') {
        c = '0';
      } else if (c == 'I' || c == 'L') {
        c = '1';
      }
      if (count == CODE_LENGTH || c > 'Z' || ALPHABET.indexOf(c) < 0) {
        Arrays.fill(out, (byte) 0);
        return null;
      }
      out[count++] = (byte) c;
    }
    if (count != CODE_LENGTH) {
      Arrays.fill(out, (byte) 0);
      return null;
    }
    return out;
  }

  /**
   * Builds a {@link RecoveryCodeHasher}. Mutable and not thread-safe; the hasher it builds is
   * immutable and thread-safe.
   */
  static final class Builder {
    private byte @Nullable [] pepper;
    private @Nullable SecureRandom random;
    private Runnable hashObserver = () -> {};

    private Builder() {}

    /**
     * Sets a server-side pepper, the HMAC key of every hash; none by default. Keep it outside the
     * database. Changing it invalidates every stored code.
     *
     * @param pepper {@value #MIN_PEPPER_BYTES} to {@value #MAX_PEPPER_BYTES} random bytes, copied
     * @return this builder
     * @throws IllegalArgumentException if the length is out of range
     */
    @CanIgnoreReturnValue
    Builder pepper(byte[] pepper) {
      Objects.requireNonNull(pepper, "pepper");
      if (pepper.length < MIN_PEPPER_BYTES || pepper.length > MAX_PEPPER_BYTES) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "pepper must be %d to %d bytes but was %d bytes",
                MIN_PEPPER_BYTES,
                MAX_PEPPER_BYTES,
                pepper.length));
      }
      this.pepper = pepper.clone();
      return this;
    }

    /**
     * Sets the source of codes, salts and ids; a new {@link SecureRandom} by default.
     *
     * @param secureRandom the source of randomness
     * @return this builder
     */
    @CanIgnoreReturnValue
    Builder secureRandom(SecureRandom secureRandom) {
      this.random = Objects.requireNonNull(secureRandom, "secureRandom");
      return this;
    }

    /** Lets tests count hash computations. */
    @CanIgnoreReturnValue
    Builder hashObserver(Runnable observer) {
      this.hashObserver = Objects.requireNonNull(observer, "observer");
      return this;
    }

    /**
     * Builds the hasher.
     *
     * @return the hasher
     */
    RecoveryCodeHasher build() {
      byte[] p = pepper;
      SecureRandom r = random;
      SecretKeySpec key = new SecretKeySpec(p != null ? p : PUBLIC_KEY, MAC);
      return new RecoveryCodeHasher(
          key, r != null ? r : new SecureRandom(), p != null, hashObserver);
    }
  }
}
