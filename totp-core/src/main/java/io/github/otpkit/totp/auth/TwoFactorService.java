package io.github.otpkit.totp.auth;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.github.otpkit.totp.OtpAuthUri;
import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.TotpGenerator;
import io.github.otpkit.totp.TotpParameters;
import io.github.otpkit.totp.auth.AttemptPipeline.Check;
import io.github.otpkit.totp.auth.VerificationResult.Proof;
import io.github.otpkit.totp.crypto.EncryptedSecret;
import io.github.otpkit.totp.crypto.SecretCipher;
import io.github.otpkit.totp.crypto.SecretDecryptionException;
import io.github.otpkit.totp.internal.Digits;
import io.github.otpkit.totp.store.AccountState;
import io.github.otpkit.totp.store.AccountStateStore;
import io.github.otpkit.totp.store.ActiveCredential;
import io.github.otpkit.totp.store.EnrollmentSnapshot;
import io.github.otpkit.totp.store.EnrollmentStore;
import io.github.otpkit.totp.store.PendingCredential;
import io.github.otpkit.totp.store.RecoveryCodeHash;
import io.github.otpkit.totp.store.StateStoreException;
import io.github.otpkit.totp.store.StateUpdate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole two-factor journey of a portal in one place: enable (show a QR code and a manual key),
 * confirm with a first code, verify codes at sign-in, use recovery codes, move to a new phone,
 * regenerate recovery codes and disable; and import accounts from another system.
 *
 * <p>The portal keeps its own users and passwords; this service keeps, per account id, the
 * encrypted secret ({@link SecretCipher}: AES-GCM with the account id as associated data), the
 * recovery codes (hashes bound to the account) and the verification state (last used time step,
 * failures) in an {@link EnrollmentStore}: {@code InMemoryStore} for tests and single nodes, or
 * {@code io.github.otpkit.totp.jdbc.JdbcStore} on a database, which is how a portal on several
 * nodes shares state.
 *
 * <h2>The journey</h2>
 *
 * <ol>
 *   <li>{@link #startEnrollment}: a new secret, pending until confirmed; show {@link
 *       Enrollment#uri()} as a QR code and {@link Enrollment#revealManualKey()}.
 *   <li>{@link #confirmEnrollment}: only a correct code from the new app switches it on; the code's
 *       time step is marked as used (it cannot also sign in) and, for a first enrollment, recovery
 *       codes are issued, to be shown once.
 *   <li>{@link #verify}: the code at every sign-in, with replay protection and throttling. No
 *       {@link #status} read is needed first: an account without two-factor authentication gets
 *       {@link VerificationResult.NotEnabled}.
 *   <li>{@link #useRecoveryCode}: single-use codes for a lost phone; they also end a lock-out.
 *   <li>{@link #startReplacement} (a new phone), {@link #regenerateRecoveryCodes} and {@link
 *       #disable}: each needs proof of the current factor, a current code or a recovery code,
 *       through the same throttled attempt path. A new phone after a lost one goes through a
 *       recovery code.
 * </ol>
 *
 * <p>Every method that takes a code or a recovery code returns a {@link VerificationResult} and
 * never throws for what the user typed or for the account's state.
 *
 * <h2>Security considerations</h2>
 *
 * <ul>
 *   <li>Ask for the password again before {@link #startEnrollment}, {@link #startReplacement},
 *       {@link #disable} and {@link #regenerateRecoveryCodes}; the service proves possession of the
 *       second factor, the portal proves the first.
 *   <li>After every change of the second factor (enabled, replaced, disabled, new recovery codes;
 *       {@link TwoFactorEvent.Type#changesFactor()}), end the user's other sessions and give the
 *       current one a new id; give a new session id after each factor at sign-in.
 *   <li>Every attempt is read, judged and written under one {@link ThrottlePolicy} shared by
 *       sign-in, first codes, recovery codes and proofs, held in the store, so limits hold across
 *       sessions and nodes (RFC 4226 section 7.3).
 *   <li>Keep the encryption key outside the database (a secret manager or an environment variable);
 *       rotate it with {@link #reencryptSecrets()}.
 *   <li>Serve enrollment pages over TLS with {@code Cache-Control: no-store}; never put the URI,
 *       the manual key or recovery codes in a URL or a log.
 * </ul>
 *
 * <p>Events go to SLF4J (logger {@code io.github.otpkit.totp.auth.TwoFactorService}) and to an
 * optional {@link TwoFactorListener}; neither ever sees a secret, a code or a recovery code. When a
 * stored secret cannot be decrypted or the store fails, the call throws {@link
 * SecretDecryptionException} or {@link StateStoreException}: it fails closed.
 *
 * <h2>Thread safety</h2>
 *
 * Immutable and thread-safe; create one per portal and share it. Every state change is one
 * conditional write of the store, so concurrent requests (two tabs, two nodes) cannot both use one
 * code or one recovery code.
 */
public final class TwoFactorService {
  /** How long a started enrollment can be confirmed by default: 15 minutes. */
  public static final Duration DEFAULT_ENROLLMENT_TTL = Duration.ofMinutes(15);

  /** How many recovery codes are issued at once by default: 10. */
  public static final int DEFAULT_RECOVERY_CODE_COUNT = RecoveryCodeHasher.DEFAULT_COUNT;

  /** The most recovery codes issued at once: 100. */
  public static final int MAX_RECOVERY_CODE_COUNT = RecoveryCodeHasher.MAX_COUNT;

  /** Accounts read per batch by {@link #reencryptSecrets()}: 100. */
  public static final int DEFAULT_KEY_ROTATION_BATCH = 100;

  private static final Logger LOG = LoggerFactory.getLogger(TwoFactorService.class);

  private final EnrollmentStore store;
  private final SecretCipher cipher;
  private final String issuer;
  private final TotpParameters parameters;
  private final Window window;
  private final ThrottlePolicy throttlePolicy;
  private final Duration enrollmentTtl;
  private final RecoveryCodeHasher recoveryCodes;
  private final int recoveryCodeCount;
  private final boolean trackDrift;
  private final Clock clock;
  private final Events events;
  private final AttemptPipeline pipeline;
  private final TotpVerifier verifier;

  private TwoFactorService(Builder b, String issuer) {
    this.store = b.store;
    this.cipher = b.cipher;
    this.issuer = issuer;
    this.parameters = b.parameters;
    this.window = b.window;
    this.throttlePolicy = b.throttlePolicy;
    this.enrollmentTtl = b.enrollmentTtl;
    this.recoveryCodes = b.recoveryCodes.build();
    this.recoveryCodeCount = b.recoveryCodeCount;
    this.trackDrift = b.trackDrift;
    this.clock = b.clock;
    this.events = new Events(LOG, b.listener);
    this.pipeline = new AttemptPipeline(throttlePolicy, events, store);
    TotpVerifier.Builder vb =
        TotpVerifier.builder(store)
            .parameters(parameters)
            .window(window)
            .throttlePolicy(throttlePolicy)
            .trackDrift(trackDrift)
            .clock(clock);
    this.verifier = vb.build();
  }

  /**
   * Starts building a service.
   *
   * @param store where enrollments, recovery codes and verification state are kept
   * @param cipher encrypts the secrets at rest
   * @return a builder; {@link Builder#issuer(String)} is required
   */
  public static Builder builder(EnrollmentStore store, SecretCipher cipher) {
    return new Builder(
        Objects.requireNonNull(store, "store"), Objects.requireNonNull(cipher, "cipher"));
  }

  /**
   * Tells where an account stands, in one read of the store.
   *
   * @param accountId the account
   * @return whether two-factor authentication is on, whether a setup is pending, how many recovery
   *     codes are left, and whether the account should re-enroll
   * @throws IllegalArgumentException if the account id is empty or longer than 255 characters
   * @throws StateStoreException if the store fails
   */
  public TwoFactorStatus status(String accountId) {
    AccountStateStore.checkAccountId(accountId);
    Instant now = clock.instant();
    EnrollmentSnapshot snapshot = store.load(accountId);
    ActiveCredential active = snapshot.active();
    PendingCredential pending = confirmable(snapshot, now);
    return new TwoFactorStatus(
        accountId,
        active != null,
        active == null ? null : active.enabledSince(),
        pending != null,
        pending == null ? null : pending.expiresAt(),
        snapshot.unusedRecoveryCodes(),
        active != null && active.secret().secretLength() < OtpSecret.MIN_BYTES);
  }

  /**
   * Starts setting up a first authenticator: a new secret from {@link java.security.SecureRandom},
   * stored encrypted and pending until {@link #confirmEnrollment} sees a correct first code. A
   * setup already in progress is replaced.
   *
   * @param accountId the account
   * @param accountName the name the authenticator app shows under the issuer, e.g. the user's
   *     e-mail address; must not contain a colon
   * @return what to show (the URI for the QR code and the manual key); empty if two-factor
   *     authentication is already on, for example after another tab switched it on: moving to a new
   *     phone needs proof of the current factor, see {@link #startReplacement}
   * @throws io.github.otpkit.totp.InvalidUriException if the account name cannot go into an otpauth
   *     URI (a colon, control characters, empty)
   * @throws StateStoreException if the store fails
   */
  public Optional<Enrollment> startEnrollment(String accountId, String accountName) {
    AccountStateStore.checkAccountId(accountId);
    Objects.requireNonNull(accountName, "accountName");
    Instant now = clock.instant();
    OtpSecret secret = OtpSecret.generate();
    OtpAuthUri uri = OtpAuthUri.totp(secret, issuer, accountName).parameters(parameters).build();
    if (store.load(accountId).active() != null) {
      return Optional.empty();
    }
    Instant expiresAt = now.plus(enrollmentTtl);
    store.savePending(
        accountId,
        PendingCredential.create(
            cipher.encrypt(accountId, secret), parameters, now, expiresAt, false));
    events.changed(accountId, TwoFactorEvent.Type.ENROLLMENT_STARTED, now);
    return Optional.of(Enrollment.of(accountId, uri, expiresAt, false));
  }

  /**
   * Starts moving to a new authenticator (a new phone) after proof of the current factor: a current
   * code or a recovery code, checked and spent through the same throttled attempt path as a
   * sign-in. On {@link VerificationResult.Accepted}, a new secret is pending (the current
   * authenticator keeps working until it is confirmed): show it with {@link #currentEnrollment} and
   * confirm it with {@link #confirmEnrollment}. A proof with a recovery code spends it.
   *
   * @param accountId the account
   * @param accountName the name the authenticator app shows, e.g. the user's e-mail address
   * @param codeOrRecoveryCode a current code (6 to 8 digits) or a recovery code, as typed
   * @return {@link VerificationResult.Accepted}, or why not: {@code NOT_ENABLED}, {@code
   *     MALFORMED}, {@code INVALID}, {@code ALREADY_USED}, {@code THROTTLED} or {@code LOCKED}
   * @throws io.github.otpkit.totp.InvalidUriException if the account name cannot go into an otpauth
   *     URI; nothing was checked or charged then
   * @throws SecretDecryptionException if the stored secret cannot be decrypted
   * @throws StateStoreException if the store fails; nothing is half-written
   */
  public VerificationResult startReplacement(
      String accountId, String accountName, CharSequence codeOrRecoveryCode) {
    AccountStateStore.checkAccountId(accountId);
    Objects.requireNonNull(accountName, "accountName");
    Objects.requireNonNull(codeOrRecoveryCode, "codeOrRecoveryCode");
    Instant now = clock.instant();
    OtpSecret secret = OtpSecret.generate();
    // The account name must fit an otpauth URI before anything is checked or charged.
    var unused = OtpAuthUri.totp(secret, issuer, accountName).parameters(parameters).build();
    PendingCredential pending =
        PendingCredential.create(
            cipher.encrypt(accountId, secret), parameters, now, now.plus(enrollmentTtl), true);
    VerificationResult result =
        prove(
            accountId,
            codeOrRecoveryCode,
            now,
            update -> store.saveReplacement(update, pending),
            "Your current authenticator is confirmed. Now set up the new one.",
            null);
    if (result.isAccepted()) {
      events.changed(accountId, TwoFactorEvent.Type.REPLACEMENT_STARTED, now);
    }
    return result;
  }

  /**
   * Returns the setup in progress again, for example to show the QR code after {@link
   * #startReplacement}, or once more after a wrong first code or a page reload.
   *
   * @param accountId the account
   * @param accountName the name the authenticator app shows, as given when the setup started
   * @return the setup, or empty if none is in progress or it has expired
   * @throws SecretDecryptionException if the stored secret cannot be decrypted
   * @throws StateStoreException if the store fails
   */
  public Optional<Enrollment> currentEnrollment(String accountId, String accountName) {
    AccountStateStore.checkAccountId(accountId);
    Objects.requireNonNull(accountName, "accountName");
    EnrollmentSnapshot snapshot = store.load(accountId);
    PendingCredential p = confirmable(snapshot, clock.instant());
    if (p == null) {
      return Optional.empty();
    }
    OtpSecret secret = decrypt(accountId, p.secret());
    OtpAuthUri uri =
        OtpAuthUri.totp(secret, issuer, accountName).parameters(p.parameters()).build();
    return Optional.of(Enrollment.of(accountId, uri, p.expiresAt(), p.replacement()));
  }

  /**
   * Confirms the setup in progress with the first code the new app shows. Only a correct code
   * switches two-factor authentication on (or, for a replacement, swaps the authenticator); its
   * time step is marked as used, and a step already used is never used again (the larger of the two
   * is kept), so that the same code cannot also sign in. A first enrollment issues recovery codes,
   * returned once in {@link VerificationResult.Accepted#newRecoveryCodes()}; a replacement keeps
   * the existing ones.
   *
   * @param accountId the account
   * @param code the code as typed
   * @return {@link VerificationResult.Accepted}, or why not: {@code NO_ENROLLMENT} (also when it
   *     was confirmed already), {@code EXPIRED}, {@code MALFORMED}, {@code INVALID}, {@code
   *     THROTTLED} or {@code LOCKED}
   * @throws SecretDecryptionException if the stored secret cannot be decrypted
   * @throws StateStoreException if the store fails; nothing is half-written
   */
  public VerificationResult confirmEnrollment(String accountId, CharSequence code) {
    AccountStateStore.checkAccountId(accountId);
    Objects.requireNonNull(code, "code");
    Instant now = clock.instant();
    Confirm confirm = new Confirm(accountId, code, now);
    VerificationResult result = pipeline.run(accountId, now, confirm);
    if (result.isAccepted()) {
      events.changed(
          accountId,
          confirm.replacement ? TwoFactorEvent.Type.REPLACED : TwoFactorEvent.Type.ENABLED,
          now);
    }
    return result;
  }

  /**
   * Cancels the setup in progress, if any; an active authenticator is not affected.
   *
   * @param accountId the account
   * @return {@code true} if a setup was cancelled
   * @throws StateStoreException if the store fails
   */
  @CanIgnoreReturnValue
  public boolean cancelEnrollment(String accountId) {
    AccountStateStore.checkAccountId(accountId);
    PendingCredential pending = store.load(accountId).pending();
    if (pending == null || !store.deletePending(accountId, pending.enrollmentId())) {
      return false;
    }
    events.changed(accountId, TwoFactorEvent.Type.ENROLLMENT_CANCELLED, clock.instant());
    return true;
  }

  /**
   * Verifies the code at sign-in, with replay protection (a time step is accepted once) and
   * throttling: one read and one conditional write of the store.
   *
   * @param accountId the account
   * @param code the code as typed
   * @return the result; {@link VerificationResult.NotEnabled} if two-factor authentication is not
   *     on for the account (the password alone signs in)
   * @throws SecretDecryptionException if the stored secret cannot be decrypted (sign-in fails
   *     closed)
   * @throws StateStoreException if the store fails (sign-in fails closed)
   */
  public VerificationResult verify(String accountId, CharSequence code) {
    AccountStateStore.checkAccountId(accountId);
    Objects.requireNonNull(code, "code");
    Instant now = clock.instant();
    return pipeline.run(accountId, now, new CodeProof(accountId, code, now, null));
  }

  /**
   * Signs in with a recovery code instead of a code, for a lost or broken phone. The code is spent
   * (single use, atomically, whatever the number of concurrent requests) and the failure count is
   * cleared, which also ends a lock-out. Recovery codes are still subject to the back-off delay.
   *
   * @param accountId the account
   * @param recoveryCode the recovery code as typed (case, spaces and hyphens do not matter)
   * @return {@link VerificationResult.Accepted} (its message says how many codes are left), or why
   *     not: {@code NOT_ENABLED}, {@code MALFORMED}, {@code INVALID}, {@code ALREADY_USED} or
   *     {@code THROTTLED}
   * @throws StateStoreException if the store fails
   */
  public VerificationResult useRecoveryCode(String accountId, CharSequence recoveryCode) {
    AccountStateStore.checkAccountId(accountId);
    Objects.requireNonNull(recoveryCode, "recoveryCode");
    Instant now = clock.instant();
    RecoveryCodeProof proof =
        new RecoveryCodeProof(accountId, recoveryCode, now, store::spendRecoveryCode, null);
    return pipeline.run(accountId, now, proof);
  }

  /**
   * Switches two-factor authentication off after proof of possession: a current code (6 to 8
   * digits) or a recovery code. Removes the secret, any setup in progress, the recovery codes and
   * the verification state in one atomic operation.
   *
   * @param accountId the account
   * @param codeOrRecoveryCode a current code or a recovery code, as typed
   * @return {@link VerificationResult.Accepted}, or the refusal of the proof, or {@code
   *     NOT_ENABLED}
   * @throws SecretDecryptionException if the stored secret cannot be decrypted
   * @throws StateStoreException if the store fails; nothing is half-written
   */
  public VerificationResult disable(String accountId, CharSequence codeOrRecoveryCode) {
    AccountStateStore.checkAccountId(accountId);
    Objects.requireNonNull(codeOrRecoveryCode, "codeOrRecoveryCode");
    Instant now = clock.instant();
    VerificationResult result =
        prove(
            accountId,
            codeOrRecoveryCode,
            now,
            store::disable,
            "Two-factor authentication is off.",
            null);
    if (result.isAccepted()) {
      events.changed(accountId, TwoFactorEvent.Type.DISABLED, now);
    }
    return result;
  }

  /**
   * Replaces all recovery codes with new ones after proof of possession: a current code or a
   * recovery code. The new codes are returned once, in {@link
   * VerificationResult.Accepted#newRecoveryCodes()}; only their hashes are stored.
   *
   * @param accountId the account
   * @param codeOrRecoveryCode a current code or a recovery code, as typed
   * @return {@link VerificationResult.Accepted} with the new codes, or the refusal of the proof, or
   *     {@code NOT_ENABLED}
   * @throws SecretDecryptionException if the stored secret cannot be decrypted
   * @throws StateStoreException if the store fails; nothing is half-written
   */
  public VerificationResult regenerateRecoveryCodes(
      String accountId, CharSequence codeOrRecoveryCode) {
    AccountStateStore.checkAccountId(accountId);
    Objects.requireNonNull(codeOrRecoveryCode, "codeOrRecoveryCode");
    Instant now = clock.instant();
    RecoveryCodes issued = recoveryCodes.generate(accountId, recoveryCodeCount);
    VerificationResult result =
        prove(
            accountId,
            codeOrRecoveryCode,
            now,
            update -> store.replaceRecoveryCodes(update, issued.hashes()),
            "New recovery codes are ready. The old ones no longer work.",
            issued);
    if (result.isAccepted()) {
      events.changed(accountId, TwoFactorEvent.Type.RECOVERY_CODES_REGENERATED, now);
    }
    return result;
  }

  /** How {@link #importEnrollment} treats an imported account. */
  public enum ImportOption {
    /** Issue new recovery codes, returned once in {@link ImportResult#newRecoveryCodes()}. */
    ISSUE_RECOVERY_CODES,
    /**
     * Accept a secret of 10 to 15 bytes (80 to 120 bits, below RFC 4226's minimum of 128), as many
     * older systems issued; {@link TwoFactorStatus#shouldReEnroll()} then tells the portal to ask
     * the user to move to a new secret.
     */
    ALLOW_SHORT_SECRET
  }

  /**
   * What {@link #importEnrollment} did.
   *
   * @param imported {@code true} if the secret is now the account's active authenticator; {@code
   *     false} if the account already had one, which was kept (a migration can run again)
   * @param recoveryCodes the recovery codes issued, to show once, or {@code null}
   */
  public record ImportResult(boolean imported, @Nullable RecoveryCodes recoveryCodes) {
    /**
     * Returns the recovery codes issued by the import, if it was asked to issue some.
     *
     * @return the codes to show once, or empty
     */
    public Optional<RecoveryCodes> newRecoveryCodes() {
      return Optional.ofNullable(recoveryCodes);
    }
  }

  /**
   * Imports an account's existing authenticator from another system (a plaintext Base32 column of
   * googleauth, java-totp or otp-java users, say), so that its users' apps keep working: the secret
   * is stored encrypted as the active authenticator, atomically, without recovery codes or with new
   * ones. The current time step is marked as used, so that a code seen before the import cannot be
   * replayed after it. An account that already has an active authenticator is left as it is, so a
   * migration can run again.
   *
   * @param accountId the account
   * @param secret the existing secret; at least 16 bytes, or 10 to 15 with {@link
   *     ImportOption#ALLOW_SHORT_SECRET}
   * @param parameters the parameters the user's app was given; T0 must be the epoch
   * @param enabledSince when two-factor authentication was switched on in the other system
   * @param options what to do besides
   * @return whether it was imported, and the recovery codes issued
   * @throws IllegalArgumentException if the secret is shorter than 16 bytes without {@link
   *     ImportOption#ALLOW_SHORT_SECRET}, or T0 is not the epoch
   * @throws StateStoreException if the store fails; nothing is half-written
   */
  public ImportResult importEnrollment(
      String accountId,
      OtpSecret secret,
      TotpParameters parameters,
      Instant enabledSince,
      ImportOption... options) {
    AccountStateStore.checkAccountId(accountId);
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(enabledSince, "enabledSince");
    Set<ImportOption> chosen = EnumSet.noneOf(ImportOption.class);
    for (ImportOption option : Objects.requireNonNull(options, "options")) {
      chosen.add(Objects.requireNonNull(option, "option"));
    }
    if (!secret.isStrong() && !chosen.contains(ImportOption.ALLOW_SHORT_SECRET)) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "secret must be at least %d bytes but was %d bytes; pass"
                  + " ImportOption.ALLOW_SHORT_SECRET to import it and ask the user to re-enroll",
              OtpSecret.MIN_BYTES,
              secret.length()));
    }
    checkT0(parameters);
    Instant now = clock.instant();
    AccountState state =
        AccountState.initial(accountId).accepted(TotpGenerator.stepAt(parameters, now), 0);
    RecoveryCodes issued =
        chosen.contains(ImportOption.ISSUE_RECOVERY_CODES)
            ? recoveryCodes.generate(accountId, recoveryCodeCount)
            : null;
    boolean imported =
        store.importActive(
            accountId,
            new ActiveCredential(cipher.encrypt(accountId, secret), parameters, enabledSince),
            state,
            issued == null ? null : issued.hashes());
    if (!imported) {
      return new ImportResult(false, null);
    }
    events.changed(accountId, TwoFactorEvent.Type.IMPORTED, now);
    return new ImportResult(true, issued);
  }

  /**
   * What {@link #reencryptSecrets()} did.
   *
   * @param reencrypted secrets now under the primary key
   * @param skipped secrets that changed while they were re-encrypted (confirmed or replaced
   *     meanwhile) and were visited again
   * @param failedAccountIds accounts whose secret could not be decrypted with any key of the
   *     cipher; left as they are
   * @param complete {@code true} if, when the run ended, no secret was left under any key other
   *     than the primary one: only then can the old keys be removed
   */
  public record KeyRotationResult(
      int reencrypted, int skipped, List<String> failedAccountIds, boolean complete) {
    /**
     * Copies the list.
     *
     * @param reencrypted secrets re-encrypted
     * @param skipped secrets that changed meanwhile
     * @param failedAccountIds accounts that failed
     * @param complete whether nothing is left under another key
     */
    public KeyRotationResult {
      failedAccountIds = List.copyOf(failedAccountIds);
    }

    /**
     * Tells whether the old keys can be removed now.
     *
     * @return {@link #complete()}
     */
    public boolean isComplete() {
      return complete;
    }
  }

  /**
   * Re-encrypts every stored secret (active and pending) that is not under the cipher's primary
   * key: the second half of a key rotation, run on one node while sign-ins go on. Each secret is
   * replaced with a compare-and-set on its old ciphertext, so a credential confirmed meanwhile is
   * never overwritten; those are visited again until none is left or no progress is made.
   *
   * @return what was done; {@link KeyRotationResult#isComplete()} tells whether the old keys can be
   *     removed
   * @throws StateStoreException if the store fails; what was re-encrypted so far stays
   */
  public KeyRotationResult reencryptSecrets() {
    return reencryptSecrets(DEFAULT_KEY_ROTATION_BATCH);
  }

  /**
   * Re-encrypts every stored secret not under the primary key, reading accounts in batches.
   *
   * @param batchSize accounts read per batch, 1 or more
   * @return what was done
   * @throws IllegalArgumentException if {@code batchSize} is below 1
   * @throws StateStoreException if the store fails; what was re-encrypted so far stays
   */
  public KeyRotationResult reencryptSecrets(int batchSize) {
    return KeyRotation.run(store, cipher, batchSize, events);
  }

  /**
   * Removes setups that expired without confirmation; call it now and then (housekeeping).
   *
   * @return how many were removed
   * @throws StateStoreException if the store fails
   */
  @CanIgnoreReturnValue
  public int deleteExpiredEnrollments() {
    return store.deleteExpiredPending(clock.instant());
  }

  /**
   * Returns the TOTP parameters of new enrollments.
   *
   * @return the parameters
   */
  public TotpParameters parameters() {
    return parameters;
  }

  /**
   * Returns the issuer shown in authenticator apps.
   *
   * @return the issuer
   */
  public String issuer() {
    return issuer;
  }

  /**
   * Returns the window of accepted steps.
   *
   * @return the window
   */
  public Window window() {
    return window;
  }

  /**
   * Returns the throttle policy shared by every kind of attempt.
   *
   * @return the policy
   */
  public ThrottlePolicy throttlePolicy() {
    return throttlePolicy;
  }

  /**
   * Tells whether drift is recorded and the window centred on it.
   *
   * @return {@code true} if drift tracking is on
   */
  public boolean tracksDrift() {
    return trackDrift;
  }

  /**
   * Returns a description without secrets.
   *
   * @return the issuer and parameters
   */
  @Override
  public String toString() {
    return "TwoFactorService[issuer="
        + issuer
        + ", "
        + parameters.algorithm()
        + ", "
        + parameters.digits()
        + " digits, "
        + parameters.periodSeconds()
        + " s]";
  }

  // ---- the attempts -------------------------------------------------------------------------

  /** The write that applies an accepted proof together with what it allows. */
  @FunctionalInterface
  private interface ProofWrite {
    boolean apply(StateUpdate update);
  }

  /**
   * Checks a proof of the current factor, a code or a recovery code, and applies {@code write} with
   * it: one attempt through the pipeline.
   */
  private VerificationResult prove(
      String accountId,
      CharSequence input,
      Instant now,
      ProofWrite write,
      String message,
      @Nullable RecoveryCodes issued) {
    AttemptPipeline.Attempt<EnrollmentSnapshot> attempt =
        looksLikeCode(input)
            ? new CodeProof(accountId, input, now, write, message, issued)
            : new RecoveryCodeProof(accountId, input, now, write, message, issued);
    return pipeline.run(accountId, now, attempt);
  }

  /**
   * A proof on an account with 2FA on, a code or a recovery code: what both kinds keep, and the
   * steps of the pipeline that they share.
   */
  private abstract class ProofAttempt implements AttemptPipeline.Attempt<EnrollmentSnapshot> {
    final String accountId;
    final CharSequence input;
    final Instant now;
    final @Nullable ProofWrite write;
    final @Nullable String message;
    final @Nullable RecoveryCodes issued;

    ProofAttempt(
        String accountId,
        CharSequence input,
        Instant now,
        @Nullable ProofWrite write,
        @Nullable String message,
        @Nullable RecoveryCodes issued) {
      this.accountId = accountId;
      this.input = input;
      this.now = now;
      this.write = write;
      this.message = message;
      this.issued = issued;
    }

    @Override
    public AccountState state(EnrollmentSnapshot read) {
      return read.state();
    }

    @Override
    public @Nullable VerificationResult precondition(EnrollmentSnapshot read) {
      return read.active() == null ? new VerificationResult.NotEnabled() : null;
    }

    @Override
    public boolean recordFailure(AccountState expected, AccountState charged) {
      return store.updateState(expected, charged);
    }
  }

  /** A code at sign-in, or a code as proof for a change. */
  private final class CodeProof extends ProofAttempt {
    private final ParsedCode parsed;
    private long current;

    CodeProof(String accountId, CharSequence input, Instant now, @Nullable ProofWrite write) {
      this(accountId, input, now, write, null, null);
    }

    CodeProof(
        String accountId,
        CharSequence input,
        Instant now,
        @Nullable ProofWrite write,
        @Nullable String message,
        @Nullable RecoveryCodes issued) {
      super(accountId, input, now, write, message, issued);
      this.parsed = new ParsedCode(input);
    }

    @Override
    public EnrollmentSnapshot read() {
      return store.load(accountId);
    }

    @Override
    public Proof proof() {
      return Proof.CODE;
    }

    @Override
    public Check check(EnrollmentSnapshot read, AccountState state) {
      ActiveCredential active = Objects.requireNonNull(read.active());
      TotpParameters p = active.parameters();
      current = TotpGenerator.stepAt(p, now);
      int value = parsed.value(p.digits());
      if (value < 0) {
        return Check.failed(VerificationResult.Malformed.code(p.digits()));
      }
      return verifierFor(p).checkCode(decrypt(accountId, active.secret()), value, current, state);
    }

    @Override
    public boolean recordAcceptance(EnrollmentSnapshot read, AccountState state, Check match) {
      AccountState next = state.accepted(match.step(), match.drift());
      ProofWrite w = write;
      return w == null
          ? store.updateState(state, next)
          : w.apply(new StateUpdate(state, next, null, now));
    }

    @Override
    public VerificationResult.Accepted accepted(EnrollmentSnapshot read, Check match) {
      VerificationResult.Accepted accepted =
          VerificationResult.Accepted.code(match.step(), (int) (match.step() - current));
      String m = message;
      return m == null ? accepted : accepted.with(issued, m);
    }

    @Override
    public String toString() {
      return "CodeProof[" + input.length() + " characters]";
    }
  }

  /** A recovery code at sign-in, or as proof for a change. */
  private final class RecoveryCodeProof extends ProofAttempt {
    private final boolean wellFormed;

    RecoveryCodeProof(
        String accountId,
        CharSequence input,
        Instant now,
        ProofWrite write,
        @Nullable RecoveryCodes issued) {
      this(accountId, input, now, write, null, issued);
    }

    RecoveryCodeProof(
        String accountId,
        CharSequence input,
        Instant now,
        ProofWrite write,
        @Nullable String message,
        @Nullable RecoveryCodes issued) {
      super(accountId, input, now, write, message, issued);
      this.wellFormed = RecoveryCodeHasher.isWellFormed(input);
    }

    @Override
    public EnrollmentSnapshot read() {
      return store.loadWithRecoveryCodes(accountId);
    }

    @Override
    public Proof proof() {
      return Proof.RECOVERY_CODE;
    }

    @Override
    public Check check(EnrollmentSnapshot read, AccountState state) {
      if (!wellFormed) {
        return Check.failed(VerificationResult.Malformed.recoveryCode());
      }
      Optional<RecoveryCodeHash> match =
          recoveryCodes.match(accountId, input, read.recoveryCodes());
      if (match.isEmpty()) {
        return Check.failed(new VerificationResult.Invalid(Proof.RECOVERY_CODE));
      }
      if (match.get().isUsed()) {
        return Check.used(Proof.RECOVERY_CODE, AccountState.NONE);
      }
      return Check.recoveryCode(match.get().id());
    }

    @Override
    public boolean recordAcceptance(EnrollmentSnapshot read, AccountState state, Check match) {
      return Objects.requireNonNull(write, "write")
          .apply(new StateUpdate(state, state.withoutFailures(), match.recoveryCodeId(), now));
    }

    @Override
    public VerificationResult.Accepted accepted(EnrollmentSnapshot read, Check match) {
      String m = message;
      if (m == null) {
        int left = Math.max(0, read.unusedRecoveryCodes() - 1);
        m =
            String.format(
                Locale.ROOT,
                "Recovery code accepted. You have %d recovery %s left.",
                left,
                left == 1 ? "code" : "codes");
      }
      return new VerificationResult.Accepted(Proof.RECOVERY_CODE, AccountState.NONE, 0, issued, m);
    }

    @Override
    public String toString() {
      return "RecoveryCodeProof[redacted]";
    }
  }

  /** The first code of a new authenticator. */
  private final class Confirm implements AttemptPipeline.Attempt<EnrollmentSnapshot> {
    private final String accountId;
    private final Instant now;
    private final ParsedCode parsed;
    private long current;
    private boolean replacement;
    private @Nullable RecoveryCodes issued;

    Confirm(String accountId, CharSequence code, Instant now) {
      this.accountId = accountId;
      this.now = now;
      this.parsed = new ParsedCode(code);
    }

    @Override
    public EnrollmentSnapshot read() {
      return store.load(accountId);
    }

    @Override
    public AccountState state(EnrollmentSnapshot read) {
      return read.state();
    }

    @Override
    public @Nullable VerificationResult precondition(EnrollmentSnapshot read) {
      PendingCredential p = read.pending();
      if (p == null || p.replacement() != (read.active() != null)) {
        // None, or a stale one: a first setup started before another tab switched 2FA on.
        return new VerificationResult.NoEnrollment();
      }
      return p.isConfirmableAt(now) ? null : new VerificationResult.Expired();
    }

    @Override
    public Proof proof() {
      return Proof.CODE;
    }

    @Override
    public Check check(EnrollmentSnapshot read, AccountState state) {
      PendingCredential p = Objects.requireNonNull(read.pending());
      TotpParameters params = p.parameters();
      current = TotpGenerator.stepAt(params, now);
      int value = parsed.value(params.digits());
      if (value < 0) {
        return Check.failed(VerificationResult.Malformed.code(params.digits()));
      }
      // A new secret: every step of the window is new to it, whatever the old one used.
      return verifierFor(params)
          .checkCode(
              decrypt(accountId, p.secret()), value, current, AccountState.initial(accountId));
    }

    @Override
    public boolean recordAcceptance(EnrollmentSnapshot read, AccountState state, Check match) {
      PendingCredential p = Objects.requireNonNull(read.pending());
      replacement = p.replacement();
      issued = replacement ? null : recoveryCodes.generate(accountId, recoveryCodeCount);
      RecoveryCodes codes = issued;
      // Never lower the replay floor: keep the larger of the stored and the confirmed step.
      AccountState next =
          state.accepted(Math.max(state.lastUsedStep(), match.step()), match.drift());
      return store.confirmPending(
          p.enrollmentId(),
          now,
          new StateUpdate(state, next, null, now),
          codes == null ? null : codes.hashes());
    }

    @Override
    public VerificationResult.Accepted accepted(EnrollmentSnapshot read, Check match) {
      return VerificationResult.Accepted.code(match.step(), (int) (match.step() - current))
          .with(
              issued,
              replacement
                  ? "Your new authenticator is active. The old one no longer works."
                  : "Two-factor authentication is on.");
    }

    @Override
    public boolean recordFailure(AccountState expected, AccountState charged) {
      return store.updateState(expected, charged);
    }
  }

  /** A typed code, parsed once per digit count. */
  private static final class ParsedCode {
    private final CharSequence input;
    private int digits;
    private int value;

    ParsedCode(CharSequence input) {
      this.input = input;
    }

    int value(int expectedDigits) {
      if (digits != expectedDigits) {
        value = Digits.parse(input, expectedDigits);
        digits = expectedDigits;
      }
      return value;
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  /**
   * A code of 6 to 8 digits (spaces aside) is checked as a code, anything else as a recovery code.
   */
  private static boolean looksLikeCode(CharSequence input) {
    int digits = 0;
    for (int i = 0; i < input.length(); i++) {
      char c = input.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
      } else if (c != ' ') {
        return false;
      }
    }
    return digits > 0 && digits <= 8;
  }

  private static @Nullable PendingCredential confirmable(EnrollmentSnapshot snapshot, Instant now) {
    PendingCredential p = snapshot.pending();
    if (p == null || !p.isConfirmableAt(now) || p.replacement() != (snapshot.active() != null)) {
      return null;
    }
    return p;
  }

  private TotpVerifier verifierFor(TotpParameters p) {
    return p.equals(parameters) ? verifier : verifier.withParameters(p);
  }

  private OtpSecret decrypt(String accountId, EncryptedSecret secret) {
    try {
      return cipher.decrypt(accountId, secret);
    } catch (SecretDecryptionException e) {
      events.error(accountId, "the stored secret cannot be decrypted (" + e.getMessage() + ")");
      throw e;
    }
  }

  private static void checkT0(TotpParameters p) {
    if (!p.t0().equals(Instant.EPOCH)) {
      throw new IllegalArgumentException(
          "parameters.t0 must be the epoch: otpauth URIs cannot tell authenticator apps another"
              + " T0");
    }
  }

  /**
   * Builds a {@link TwoFactorService}. Mutable and not thread-safe; the service it builds is
   * immutable and thread-safe.
   */
  public static final class Builder {
    private final EnrollmentStore store;
    private final SecretCipher cipher;
    private @Nullable String issuer;
    private TotpParameters parameters = TotpParameters.DEFAULT;
    private Window window = Window.DEFAULT;
    private ThrottlePolicy throttlePolicy = ThrottlePolicy.DEFAULT;
    private Duration enrollmentTtl = DEFAULT_ENROLLMENT_TTL;
    private final RecoveryCodeHasher.Builder recoveryCodes = RecoveryCodeHasher.builder();
    private int recoveryCodeCount = DEFAULT_RECOVERY_CODE_COUNT;
    private boolean trackDrift;
    private Clock clock = Clock.systemUTC();
    private @Nullable TwoFactorListener listener;

    private Builder(EnrollmentStore store, SecretCipher cipher) {
      this.store = store;
      this.cipher = cipher;
    }

    /**
     * Sets the issuer that authenticator apps show above the account name (required), e.g. the
     * portal's name.
     *
     * @param newIssuer not blank, no colon
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder issuer(String newIssuer) {
      this.issuer = Objects.requireNonNull(newIssuer, "issuer");
      return this;
    }

    /**
     * Sets the TOTP parameters of new enrollments; the default (SHA-1, 6 digits, 30 seconds) is the
     * only one every authenticator app honours, see {@link
     * OtpAuthUri#compatibility(TotpParameters)}.
     *
     * @param newParameters the parameters; T0 must be the epoch (otpauth URIs cannot carry T0)
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder parameters(TotpParameters newParameters) {
      this.parameters = Objects.requireNonNull(newParameters, "parameters");
      return this;
    }

    /**
     * Sets the verification window; default one step behind and one ahead.
     *
     * @param newWindow the window
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder window(Window newWindow) {
      this.window = Objects.requireNonNull(newWindow, "window");
      return this;
    }

    /**
     * Sets the throttle policy shared by codes at sign-in, first codes, recovery codes and proofs;
     * default {@link ThrottlePolicy#DEFAULT}.
     *
     * @param policy the policy
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder throttlePolicy(ThrottlePolicy policy) {
      this.throttlePolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Sets how long a started setup can be confirmed; default 15 minutes.
     *
     * @param ttl 1 minute to 1 day
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    @CanIgnoreReturnValue
    public Builder enrollmentTtl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.compareTo(Duration.ofMinutes(1)) < 0 || ttl.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException(
            "enrollmentTtl must be 1 minute to 1 day but was " + ttl);
      }
      this.enrollmentTtl = ttl;
      return this;
    }

    /**
     * Sets a server-side pepper for the recovery-code hashes (HMAC-SHA-256 keys); none by default.
     * Keep it outside the database, like the encryption key: with it, a stolen database alone
     * cannot even confirm a guessed recovery code. Changing it invalidates every stored code.
     *
     * @param pepper 16 to 64 random bytes, copied
     * @return this builder
     * @throws IllegalArgumentException if the length is out of range
     */
    @CanIgnoreReturnValue
    public Builder recoveryCodePepper(byte[] pepper) {
      recoveryCodes.pepper(pepper);
      return this;
    }

    /**
     * Sets how many recovery codes are issued at once; default {@value
     * #DEFAULT_RECOVERY_CODE_COUNT}.
     *
     * @param count 1 to {@value #MAX_RECOVERY_CODE_COUNT}
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    @CanIgnoreReturnValue
    public Builder recoveryCodeCount(int count) {
      if (count < 1 || count > MAX_RECOVERY_CODE_COUNT) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "recoveryCodeCount must be 1 to %d but was %d",
                MAX_RECOVERY_CODE_COUNT,
                count));
      }
      this.recoveryCodeCount = count;
      return this;
    }

    /**
     * Turns drift tracking on or off (RFC 6238 section 6): the drift observed at each accepted code
     * is stored and the next window is centred on it, capped at {@value Window#MAX} steps, so that
     * a phone whose clock runs slow or fast keeps working with a small window. Off by default.
     *
     * @param on {@code true} to track drift
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder trackDrift(boolean on) {
      this.trackDrift = on;
      return this;
    }

    /**
     * Sets the clock; default {@link Clock#systemUTC()}.
     *
     * @param newClock the clock
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder clock(Clock newClock) {
      this.clock = Objects.requireNonNull(newClock, "clock");
      return this;
    }

    /**
     * Sets a listener for security events.
     *
     * @param newListener the listener
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder listener(TwoFactorListener newListener) {
      this.listener = Objects.requireNonNull(newListener, "listener");
      return this;
    }

    /** Lets tests inject the randomness and count hashes of recovery codes. */
    RecoveryCodeHasher.Builder recoveryCodeHasher() {
      return recoveryCodes;
    }

    /**
     * Builds the service.
     *
     * @return the service
     * @throws IllegalStateException if no issuer was set
     * @throws IllegalArgumentException if the issuer is blank or the parameters' T0 is not the
     *     epoch
     */
    public TwoFactorService build() {
      String i = issuer;
      if (i == null) {
        throw new IllegalStateException("issuer is required: call issuer(...) before build()");
      }
      if (i.isBlank()) {
        throw new IllegalArgumentException("issuer must not be blank");
      }
      checkT0(parameters);
      return new TwoFactorService(this, i);
    }
  }
}
