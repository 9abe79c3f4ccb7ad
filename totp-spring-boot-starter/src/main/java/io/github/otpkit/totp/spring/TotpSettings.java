package io.github.otpkit.totp.spring;

import io.github.otpkit.totp.InvalidUriException;
import io.github.otpkit.totp.OtpAuthUri;
import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.auth.ThrottlePolicy;
import io.github.otpkit.totp.auth.TwoFactorListener;
import io.github.otpkit.totp.auth.TwoFactorService;
import io.github.otpkit.totp.auth.Window;
import io.github.otpkit.totp.crypto.EncryptionKey;
import io.github.otpkit.totp.crypto.SecretCipher;
import io.github.otpkit.totp.store.EnrollmentStore;
import io.github.otpkit.totp.store.InMemoryStore;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the {@code otpkit.totp.*} properties into a cipher and a service. Every invalid value fails
 * the start-up with an {@link InvalidTotpConfigurationException} that names the property and never
 * repeats a key or a pepper.
 */
final class TotpSettings {
  private static final Logger LOG = LoggerFactory.getLogger(TotpSettings.class);

  static final String KEY = "otpkit.totp.encryption.key";
  static final String KEY_ID = "otpkit.totp.encryption.key-id";
  static final String GENERATED_KEY_ID = "generated-in-memory";

  private static final String MAKE_A_KEY =
      "Generate a key with:\n\n    openssl rand -base64 32\n\nand give it to the application"
          + " with a key id, for example as environment variables:\n\n"
          + "    OTPKIT_TOTP_ENCRYPTION_KEY=<the output of openssl>\n"
          + "    OTPKIT_TOTP_ENCRYPTION_KEYID=2026-12\n\n"
          + "(the properties "
          + KEY
          + " and "
          + KEY_ID
          + "). Keep the key in a secret manager or"
          + " the environment, outside the database and the source code.";

  private TotpSettings() {}

  /** The cipher of the configured keys; a generated key only for the in-memory store. */
  static SecretCipher cipher(TotpProperties.Encryption encryption, EnrollmentStore store) {
    String key = encryption.getKey();
    if (key == null || key.isBlank()) {
      if (store instanceof InMemoryStore && encryption.getDecryptionKeys().isEmpty()) {
        LOG.info(
            "{} is not set: two-factor secrets are kept in memory, encrypted with a key generated"
                + " at start-up; both are lost when the application stops",
            KEY);
        return SecretCipher.create(EncryptionKey.generate(GENERATED_KEY_ID));
      }
      throw new InvalidTotpConfigurationException(
          KEY
              + " is not set, and two-factor secrets are stored in "
              + (store instanceof InMemoryStore ? "memory with old keys configured" : "a database")
              + " ("
              + store.getClass().getSimpleName()
              + "). They are encrypted with this key, which must stay the same across restarts"
              + " and live outside the database: a key generated at start-up would leave every"
              + " stored secret unreadable after a restart.",
          MAKE_A_KEY);
    }
    SecretCipher.Builder cipher =
        SecretCipher.builder().primaryKey(key(KEY, encryption.getKeyId(), KEY_ID, key));
    List<TotpProperties.Key> older = encryption.getDecryptionKeys();
    for (int i = 0; i < older.size(); i++) {
      String prefix = "otpkit.totp.encryption.decryption-keys[" + i + "]";
      TotpProperties.Key entry = older.get(i);
      String value = entry.getKey();
      if (value == null || value.isBlank()) {
        throw new InvalidTotpConfigurationException(
            prefix + ".key is not set.", "Set it to the old key in Base64, or remove the entry.");
      }
      EncryptionKey decryption = key(prefix + ".key", entry.getKeyId(), prefix + ".key-id", value);
      try {
        cipher = cipher.decryptionKey(decryption);
      } catch (IllegalArgumentException e) {
        throw new InvalidTotpConfigurationException(
            prefix + ": " + e.getMessage() + ".", "Give every key its own id.");
      }
    }
    try {
      return cipher.build();
    } catch (IllegalArgumentException e) {
      throw new InvalidTotpConfigurationException(
          "otpkit.totp.encryption: " + e.getMessage() + ".",
          "A decryption key must not have the primary key's id; give every key its own id.");
    }
  }

  private static EncryptionKey key(
      String property, @Nullable String id, String idProperty, String base64) {
    if (id == null || id.isBlank()) {
      throw new InvalidTotpConfigurationException(
          property + " is set but " + idProperty + " is not.",
          "Name the key, for example "
              + idProperty
              + "=2026-12: the id is stored with every secret the key encrypts, so that the key"
              + " can be rotated later.");
    }
    try {
      return EncryptionKey.fromBase64(id, base64);
    } catch (IllegalArgumentException e) {
      // EncryptionKey's messages name the position of a bad character, never the key.
      throw new InvalidTotpConfigurationException(
          property + ": " + e.getMessage() + ".", MAKE_A_KEY);
    }
  }

  /** The service of the properties. */
  static TwoFactorService service(
      EnrollmentStore store,
      SecretCipher cipher,
      TotpProperties properties,
      @Nullable String applicationName,
      List<TwoFactorListener> listeners,
      Clock clock) {
    String issuer = issuer(properties.getIssuer(), applicationName);
    TwoFactorService.Builder builder =
        TwoFactorService.builder(store, cipher)
            .issuer(issuer)
            .trackDrift(properties.isTrackDrift())
            .clock(clock);
    TotpProperties.Window window = properties.getWindow();
    try {
      builder.window(Window.of(window.getBehind(), window.getAhead()));
    } catch (IllegalArgumentException e) {
      throw invalid("otpkit.totp.window", e, "Use 0 to 10 steps on each side; 1 is the default.");
    }
    TotpProperties.Throttle throttle = properties.getThrottle();
    try {
      builder.throttlePolicy(
          new ThrottlePolicy(
              throttle.getFreeFailures(),
              throttle.getBaseDelay(),
              throttle.getMaxDelay(),
              throttle.getLockoutAfter()));
    } catch (IllegalArgumentException e) {
      throw invalid(
          "otpkit.totp.throttle",
          e,
          "Defaults: free-failures=3, base-delay=1s, max-delay=15m, lockout-after=0.");
    }
    try {
      builder.enrollmentTtl(properties.getEnrollmentTtl());
    } catch (IllegalArgumentException e) {
      throw invalid("otpkit.totp.enrollment-ttl", e, "Use 1m to 1d; 15m is the default.");
    }
    TotpProperties.RecoveryCodes recovery = properties.getRecoveryCodes();
    try {
      builder.recoveryCodeCount(recovery.getCount());
    } catch (IllegalArgumentException e) {
      throw invalid("otpkit.totp.recovery-codes.count", e, "10 is the default.");
    }
    String pepper = recovery.getPepper();
    if (pepper != null && !pepper.isBlank()) {
      byte[] bytes = decodePepper(pepper);
      try {
        builder.recoveryCodePepper(bytes);
      } catch (IllegalArgumentException e) {
        throw invalid(
            "otpkit.totp.recovery-codes.pepper", e, "Generate one with: openssl rand -base64 32");
      } finally {
        Arrays.fill(bytes, (byte) 0);
      }
    }
    if (!listeners.isEmpty()) {
      builder.listener(
          listeners.size() == 1 ? listeners.get(0) : new CompositeTwoFactorListener(listeners));
    }
    return builder.build();
  }

  private static String issuer(@Nullable String configured, @Nullable String applicationName) {
    String issuer = configured;
    String source = "otpkit.totp.issuer";
    if (issuer == null || issuer.isBlank()) {
      issuer = applicationName;
      source = "spring.application.name";
    }
    if (issuer == null || issuer.isBlank()) {
      throw new InvalidTotpConfigurationException(
          "otpkit.totp.issuer is not set, and neither is spring.application.name. Authenticator"
              + " apps show the issuer above the account name.",
          "Set otpkit.totp.issuer to your application's name as users know it, for example"
              + " otpkit.totp.issuer=Photo Portal.");
    }
    try {
      // The same check every enrollment makes: fail now rather than at the first QR code.
      var unused = OtpAuthUri.totp(OtpSecret.generate(), issuer.strip(), "check").build();
    } catch (InvalidUriException | IllegalArgumentException e) {
      throw new InvalidTotpConfigurationException(
          source + " cannot be an issuer: " + e.getMessage() + ".",
          "Set otpkit.totp.issuer to a name without a colon, for example"
              + " otpkit.totp.issuer=Photo Portal.");
    }
    return issuer.strip();
  }

  private static byte[] decodePepper(String base64) {
    // Both alphabets; the JDK's decoder takes the padding as optional.
    String text = base64.strip().replace('-', '+').replace('_', '/');
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      // The decoder's message quotes the offending character: never pass it on.
      throw new InvalidTotpConfigurationException(
          "otpkit.totp.recovery-codes.pepper is not valid Base64.",
          "Generate one with: openssl rand -base64 32");
    }
  }

  private static InvalidTotpConfigurationException invalid(
      String property, IllegalArgumentException e, String action) {
    return new InvalidTotpConfigurationException(
        String.format(Locale.ROOT, "%s: %s.", property, e.getMessage()), action);
  }
}
