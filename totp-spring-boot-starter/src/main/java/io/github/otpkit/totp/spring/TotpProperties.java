package io.github.otpkit.totp.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code otpkit.totp.*} properties of the starter. Every value has a safe default except the
 * encryption key, which an application with a database must set.
 *
 * <p>Mutable JavaBean for Spring Boot's binder; not thread-safe. It never prints a key.
 */
@ConfigurationProperties(prefix = "otpkit.totp")
public class TotpProperties {
  /**
   * Name that authenticator apps show above the account name, for example the portal's name (no
   * colon). Defaults to spring.application.name.
   */
  private @Nullable String issuer;

  /**
   * Whether to record the clock drift of each user's device and centre the window on it (RFC 6238
   * section 6).
   */
  private boolean trackDrift = false;

  /** How long a started setup (QR code shown) can be confirmed with a first code: 1m to 1d. */
  private Duration enrollmentTtl = Duration.ofMinutes(15);

  private final Window window = new Window();
  private final Throttle throttle = new Throttle();
  private final RecoveryCodes recoveryCodes = new RecoveryCodes();
  private final Encryption encryption = new Encryption();
  private final Store store = new Store();

  /** Creates the properties with their defaults. */
  public TotpProperties() {}

  /**
   * Returns the issuer.
   *
   * @return the issuer, or {@code null} to use {@code spring.application.name}
   */
  public @Nullable String getIssuer() {
    return issuer;
  }

  /**
   * Sets the issuer.
   *
   * @param issuer the issuer
   */
  public void setIssuer(@Nullable String issuer) {
    this.issuer = issuer;
  }

  /**
   * Tells whether drift is tracked.
   *
   * @return whether drift is tracked
   */
  public boolean isTrackDrift() {
    return trackDrift;
  }

  /**
   * Sets whether drift is tracked.
   *
   * @param trackDrift whether drift is tracked
   */
  public void setTrackDrift(boolean trackDrift) {
    this.trackDrift = trackDrift;
  }

  /**
   * Returns how long a started setup can be confirmed.
   *
   * @return the lifetime of a pending enrollment
   */
  public Duration getEnrollmentTtl() {
    return enrollmentTtl;
  }

  /**
   * Sets how long a started setup can be confirmed.
   *
   * @param enrollmentTtl the lifetime of a pending enrollment
   */
  public void setEnrollmentTtl(Duration enrollmentTtl) {
    this.enrollmentTtl = enrollmentTtl;
  }

  /**
   * Returns the verification window.
   *
   * @return the window properties
   */
  public Window getWindow() {
    return window;
  }

  /**
   * Returns the throttle policy.
   *
   * @return the throttle properties
   */
  public Throttle getThrottle() {
    return throttle;
  }

  /**
   * Returns the recovery-code settings.
   *
   * @return the recovery-code properties
   */
  public RecoveryCodes getRecoveryCodes() {
    return recoveryCodes;
  }

  /**
   * Returns the encryption keys.
   *
   * @return the encryption properties
   */
  public Encryption getEncryption() {
    return encryption;
  }

  /**
   * Returns the store settings.
   *
   * @return the store properties
   */
  public Store getStore() {
    return store;
  }

  /** {@code otpkit.totp.window.*}: which time steps around the current one are accepted. */
  public static class Window {
    /** Time steps accepted before the current one (a slow phone clock): 0 to 10. */
    private int behind = 1;

    /** Time steps accepted after the current one (a fast phone clock): 0 to 10. */
    private int ahead = 1;

    /** Creates the defaults: one step each side. */
    public Window() {}

    /**
     * Returns the steps behind.
     *
     * @return the steps behind
     */
    public int getBehind() {
      return behind;
    }

    /**
     * Sets the steps behind.
     *
     * @param behind the steps behind
     */
    public void setBehind(int behind) {
      this.behind = behind;
    }

    /**
     * Returns the steps ahead.
     *
     * @return the steps ahead
     */
    public int getAhead() {
      return ahead;
    }

    /**
     * Sets the steps ahead.
     *
     * @param ahead the steps ahead
     */
    public void setAhead(int ahead) {
      this.ahead = ahead;
    }
  }

  /**
   * {@code otpkit.totp.throttle.*}: how repeated wrong codes on one account are slowed down (RFC
   * 4226 section 7.3), shared by codes, recovery codes and proofs.
   */
  public static class Throttle {
    /** Consecutive failures allowed without delay: 0 to 100. */
    private int freeFailures = 3;

    /** Delay after the first failure past the free ones; each further failure doubles it. */
    private Duration baseDelay = Duration.ofSeconds(1);

    /** Longest delay, at most one day. */
    private Duration maxDelay = Duration.ofMinutes(15);

    /**
     * Consecutive failures after which codes are locked until a recovery code is used; 0 for no
     * lock-out.
     */
    private int lockoutAfter = 0;

    /** Creates the defaults: 3 free failures, 1 second doubling up to 15 minutes, no lock-out. */
    public Throttle() {}

    /**
     * Returns the free failures.
     *
     * @return the free failures
     */
    public int getFreeFailures() {
      return freeFailures;
    }

    /**
     * Sets the free failures.
     *
     * @param freeFailures the free failures
     */
    public void setFreeFailures(int freeFailures) {
      this.freeFailures = freeFailures;
    }

    /**
     * Returns the base delay.
     *
     * @return the base delay
     */
    public Duration getBaseDelay() {
      return baseDelay;
    }

    /**
     * Sets the base delay.
     *
     * @param baseDelay the base delay
     */
    public void setBaseDelay(Duration baseDelay) {
      this.baseDelay = baseDelay;
    }

    /**
     * Returns the longest delay.
     *
     * @return the longest delay
     */
    public Duration getMaxDelay() {
      return maxDelay;
    }

    /**
     * Sets the longest delay.
     *
     * @param maxDelay the longest delay
     */
    public void setMaxDelay(Duration maxDelay) {
      this.maxDelay = maxDelay;
    }

    /**
     * Returns the failures that lock codes, 0 for none.
     *
     * @return the lock-out threshold
     */
    public int getLockoutAfter() {
      return lockoutAfter;
    }

    /**
     * Sets the failures that lock codes, 0 for none.
     *
     * @param lockoutAfter the lock-out threshold
     */
    public void setLockoutAfter(int lockoutAfter) {
      this.lockoutAfter = lockoutAfter;
    }
  }

  /** {@code otpkit.totp.recovery-codes.*}: the single-use codes for a lost phone. */
  public static class RecoveryCodes {
    /** How many recovery codes are issued at once: 1 to 100. */
    private int count = 10;

    /**
     * Optional server-side pepper of the recovery-code hashes, 16 to 64 random bytes in Base64
     * (openssl rand -base64 32). Keep it outside the database; changing it invalidates every stored
     * recovery code.
     */
    private @Nullable String pepper;

    /** Creates the defaults: 10 codes, no pepper. */
    public RecoveryCodes() {}

    /**
     * Returns how many codes are issued.
     *
     * @return the count
     */
    public int getCount() {
      return count;
    }

    /**
     * Sets how many codes are issued.
     *
     * @param count the count
     */
    public void setCount(int count) {
      this.count = count;
    }

    /**
     * Returns the pepper in Base64.
     *
     * @return the pepper, or {@code null}
     */
    public @Nullable String getPepper() {
      return pepper;
    }

    /**
     * Sets the pepper in Base64.
     *
     * @param pepper the pepper
     */
    public void setPepper(@Nullable String pepper) {
      this.pepper = pepper;
    }
  }

  /**
   * {@code otpkit.totp.encryption.*}: the AES-256 keys that encrypt the secrets at rest. One
   * primary key encrypts; older keys only decrypt, until TwoFactorService.reencryptSecrets() has
   * moved every secret to the primary key.
   */
  public static class Encryption {
    /**
     * Id of the primary key, stored with every secret it encrypts, for example the month it was
     * made (2026-12): A-Z, a-z, 0-9, '.', '_' and '-', at most 64 characters.
     */
    private @Nullable String keyId;

    /**
     * The primary key: 32 random bytes in Base64 (openssl rand -base64 32), from a secret manager
     * or an environment variable (OTPKIT_TOTP_ENCRYPTION_KEY), never from the source code.
     */
    private @Nullable String key;

    /** Older keys that still decrypt secrets not yet re-encrypted with the primary key. */
    private List<Key> decryptionKeys = new ArrayList<>();

    /** Creates the properties without keys. */
    public Encryption() {}

    /**
     * Returns the primary key's id.
     *
     * @return the id, or {@code null}
     */
    public @Nullable String getKeyId() {
      return keyId;
    }

    /**
     * Sets the primary key's id.
     *
     * @param keyId the id
     */
    public void setKeyId(@Nullable String keyId) {
      this.keyId = keyId;
    }

    /**
     * Returns the primary key in Base64.
     *
     * @return the key, or {@code null}
     */
    public @Nullable String getKey() {
      return key;
    }

    /**
     * Sets the primary key in Base64.
     *
     * @param key the key
     */
    public void setKey(@Nullable String key) {
      this.key = key;
    }

    /**
     * Returns the decryption keys.
     *
     * @return the older keys
     */
    public List<Key> getDecryptionKeys() {
      return decryptionKeys;
    }

    /**
     * Sets the decryption keys.
     *
     * @param decryptionKeys the older keys
     */
    public void setDecryptionKeys(List<Key> decryptionKeys) {
      this.decryptionKeys = decryptionKeys;
    }
  }

  /** An older encryption key: its id and its value. */
  public static class Key {
    /** The key's id, as stored with the secrets it encrypted. */
    private @Nullable String keyId;

    /** The key: 32 bytes in Base64. */
    private @Nullable String key;

    /** Creates an empty key entry. */
    public Key() {}

    /**
     * Returns the key's id.
     *
     * @return the id, or {@code null}
     */
    public @Nullable String getKeyId() {
      return keyId;
    }

    /**
     * Sets the key's id.
     *
     * @param keyId the id
     */
    public void setKeyId(@Nullable String keyId) {
      this.keyId = keyId;
    }

    /**
     * Returns the key in Base64.
     *
     * @return the key, or {@code null}
     */
    public @Nullable String getKey() {
      return key;
    }

    /**
     * Sets the key in Base64.
     *
     * @param key the key
     */
    public void setKey(@Nullable String key) {
      this.key = key;
    }
  }

  /** {@code otpkit.totp.store.*}: the tables on the application's DataSource. */
  public static class Store {
    /** Prefix of the three tables' names, at most 40 characters. */
    private String tablePrefix = "otpkit_";

    /**
     * When to create the tables (CREATE TABLE IF NOT EXISTS) at start-up, as spring.sql.init.mode
     * does for schema.sql: always, embedded (only for an in-memory H2, HSQLDB or Derby database) or
     * never (Flyway, Liquibase or a DBA creates them from JdbcSchema.ddl(prefix)).
     */
    private SchemaInitialization initializeSchema = SchemaInitialization.EMBEDDED;

    /** Creates the defaults. */
    public Store() {}

    /**
     * Returns the table prefix.
     *
     * @return the prefix
     */
    public String getTablePrefix() {
      return tablePrefix;
    }

    /**
     * Sets the table prefix.
     *
     * @param tablePrefix the prefix
     */
    public void setTablePrefix(String tablePrefix) {
      this.tablePrefix = tablePrefix;
    }

    /**
     * Returns when the tables are created.
     *
     * @return the mode
     */
    public SchemaInitialization getInitializeSchema() {
      return initializeSchema;
    }

    /**
     * Sets when the tables are created.
     *
     * @param initializeSchema the mode
     */
    public void setInitializeSchema(SchemaInitialization initializeSchema) {
      this.initializeSchema = initializeSchema;
    }
  }

  /** When the tables are created, like {@code spring.sql.init.mode}. */
  public enum SchemaInitialization {
    /** At every start-up, unless they exist. */
    ALWAYS,
    /** Only on an embedded in-memory database (H2, HSQLDB, Derby). */
    EMBEDDED,
    /** Never: the application creates them. */
    NEVER
  }
}
