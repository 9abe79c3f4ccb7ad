package io.github.otpkit.totp.enrollment;

import io.github.otpkit.totp.OtpAuthUri;
import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.TotpGenerator;
import io.github.otpkit.totp.TotpParameters;
import io.github.otpkit.totp.internal.Digits;
import io.github.otpkit.totp.internal.LogSafe;
import io.github.otpkit.totp.verify.AccountStateStore;
import io.github.otpkit.totp.verify.AttemptGate;
import io.github.otpkit.totp.verify.StateStoreException;
import io.github.otpkit.totp.verify.ThrottlePolicy;
import io.github.otpkit.totp.verify.TotpVerifier;
import io.github.otpkit.totp.verify.VerificationEvent;
import io.github.otpkit.totp.verify.VerificationResult;
import io.github.otpkit.totp.verify.Window;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole two-factor journey of a portal in one place: enable (show a QR code and a manual key),
 * confirm with a first code, verify codes at sign-in, use recovery codes, move to a new phone,
 * regenerate recovery codes and disable.
 *
 * <p>The portal keeps its own users and passwords; this service keeps, per account id, the
 * encrypted secret ({@link SecretCipher}: AES-GCM with the account id as associated data), the
 * hashed recovery codes and the verification state (last used time step, failures) in an
 * {@link EnrollmentStore}: {@link InMemoryEnrollmentStore} for tests and single nodes, or
 * {@code io.github.otpkit.totp.jdbc.JdbcEnrollmentStore} on H2 or PostgreSQL, which is how a portal
 * on several nodes shares state.
 *
 * <h2>The journey</h2>
 *
 * <ol>
 *   <li>{@link #startEnrollment}: a new secret, pending until confirmed; show
 *       {@link Enrollment#uri()} as a QR code and {@link Enrollment#revealManualKey()}. With two-
 *       factor authentication already on, this starts a replacement: the active authenticator
 *       keeps working until the new one is confirmed.
 *   <li>{@link #confirmEnrollment}: only a correct code from the new app switches it on; the code's
 *       time step is marked as used (it cannot also sign in) and, for a first enrollment, recovery
 *       codes are issued, to be shown once.
 *   <li>{@link #verify}: the code at every sign-in, with replay protection and throttling.
 *   <li>{@link #useRecoveryCode}: single-use codes for a lost phone; they also end a lock-out.
 *   <li>{@link #disable} and {@link #regenerateRecoveryCodes}: both need a current code or a
 *       recovery code.
 * </ol>
 *
 * <h2>Security considerations</h2>
 *
 * <ul>
 *   <li>Ask for the password again before {@link #startEnrollment}, {@link #disable} and
 *       {@link #regenerateRecoveryCodes}; the service proves possession of the second factor,
 *       the portal proves the first.
 *   <li>Every code or recovery code attempt is charged to the account before it is checked, under
 *       one {@link ThrottlePolicy} shared by sign-in, confirmation and recovery codes, and held
 *       in the store, so limits hold across sessions and nodes (RFC 4226 section 7.3).
 *   <li>Keep the encryption key outside the database (a secret manager or an environment
 *       variable); rotate it with {@link KeyRotation}.
 *   <li>Serve enrollment pages over TLS with {@code Cache-Control: no-store}; never put the URI,
 *       the manual key or recovery codes in a URL or a log.
 * </ul>
 *
 * <p>Events go to SLF4J (logger {@code io.github.otpkit.totp.enrollment.TwoFactorService}) and to
 * an optional {@link TwoFactorListener}; neither ever sees a secret, a code or a recovery code.
 *
 * <h2>Thread safety</h2>
 *
 * Immutable and thread-safe; create one per portal and share it. Every state change is one atomic
 * operation of the store, so concurrent requests (two tabs, two nodes) cannot both use one code.
 */
public final class TwoFactorService {
  /** How long a started enrollment can be confirmed by default: 15 minutes. */
  public static final Duration DEFAULT_ENROLLMENT_TTL = Duration.ofMinutes(15);

  private static final Logger LOG = LoggerFactory.getLogger(TwoFactorService.class);

  private final EnrollmentStore store;
  private final AccountStateStore states;
  private final SecretCipher cipher;
  private final String issuer;
  private final TotpParameters parameters;
  private final Window window;
  private final ThrottlePolicy throttlePolicy;
  private final Duration enrollmentTtl;
  private final RecoveryCodeHasher recoveryCodes;
  private final int recoveryCodeCount;
  private final Clock clock;
  private final @Nullable TwoFactorListener listener;
  private final AttemptGate gate;
  private final TotpVerifier verifier;

  private TwoFactorService(Builder b, String issuer) {
    this.store = b.store;
    this.states = b.store.accountStates();
    this.cipher = b.cipher;
    this.issuer = issuer;
    this.parameters = b.parameters;
    this.window = b.window;
    this.throttlePolicy = b.throttlePolicy;
    this.enrollmentTtl = b.enrollmentTtl;
    this.recoveryCodes = b.recoveryCodes;
    this.recoveryCodeCount = b.recoveryCodeCount;
    this.clock = b.clock;
    this.listener = b.listener;
    this.gate = AttemptGate.of(states, throttlePolicy);
    this.verifier = newVerifier(parameters);
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
   * Tells where an account stands.
   *
   * @param accountId the account
   * @return whether two-factor authentication is on, whether a setup is pending, and how many
   *     recovery codes are left
   * @throws StateStoreException if the store fails
   */
  public TwoFactorStatus status(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    Instant now = clock.instant();
    EnrollmentSnapshot snapshot = store.load(accountId);
    Optional<PendingCredential> pending =
        snapshot.pendingCredential().filter(p -> p.isConfirmableAt(now));
    return new TwoFactorStatus(
        accountId,
        snapshot.isEnabled(),
        snapshot.activeCredential().map(ActiveCredential::enabledSince).orElse(null),
        pending.isPresent(),
        pending.map(PendingCredential::expiresAt).orElse(null),
        snapshot.unusedRecoveryCodes());
  }

  /**
   * Starts setting up an authenticator: a new secret from {@link java.security.SecureRandom},
   * stored encrypted and pending until {@link #confirmEnrollment} sees a correct first code. A
   * setup already in progress is replaced. If two-factor authentication is on, this is a
   * replacement (a new phone): the active authenticator keeps working until the new one is
   * confirmed.
   *
   * @param accountId the account
   * @param accountName the name the authenticator app shows under the issuer, e.g. the user's
   *     e-mail address; must not contain a colon
   * @return what to show: the URI for the QR code and the manual key
   * @throws io.github.otpkit.totp.InvalidUriException if the account name cannot go into an
   *     otpauth URI (a colon, control characters, empty)
   * @throws StateStoreException if the store fails
   */
  public Enrollment startEnrollment(String accountId, String accountName) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(accountName, "accountName");
    Instant now = clock.instant();
    OtpSecret secret = OtpSecret.generate();
    OtpAuthUri uri = OtpAuthUri.totp(secret, issuer, accountName).parameters(parameters).build();
    boolean replacement = store.findActive(accountId).isPresent();
    Instant expiresAt = now.plus(enrollmentTtl);
    store.savePending(
        accountId,
        PendingCredential.create(cipher.encrypt(accountId, secret), parameters, now, expiresAt));
    if (LOG.isInfoEnabled()) {
      LOG.info(
          "two-factor {} started for account {}",
          replacement ? "replacement" : "enrollment",
          LogSafe.accountId(accountId));
    }
    emit(
        accountId,
        replacement ? TwoFactorEvent.Type.REPLACEMENT_STARTED : TwoFactorEvent.Type.ENROLLMENT_STARTED,
        now);
    return Enrollment.of(accountId, uri, expiresAt, replacement);
  }

  /**
   * Returns the setup in progress again, for example to show the QR code once more after a wrong
   * first code or a page reload.
   *
   * @param accountId the account
   * @param accountName the name the authenticator app shows, as given to {@link #startEnrollment}
   * @return the setup, or empty if none is in progress or it has expired
   * @throws SecretDecryptionException if the stored secret cannot be decrypted
   * @throws StateStoreException if the store fails
   */
  public Optional<Enrollment> currentEnrollment(String accountId, String accountName) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(accountName, "accountName");
    Instant now = clock.instant();
    Optional<PendingCredential> pending =
        store.findPending(accountId).filter(p -> p.isConfirmableAt(now));
    if (pending.isEmpty()) {
      return Optional.empty();
    }
    PendingCredential p = pending.get();
    OtpSecret secret = decrypt(accountId, p.secret());
    OtpAuthUri uri = OtpAuthUri.totp(secret, issuer, accountName).parameters(p.parameters()).build();
    return Optional.of(
        Enrollment.of(accountId, uri, p.expiresAt(), store.findActive(accountId).isPresent()));
  }

  /**
   * Confirms the setup in progress with the first code the new app shows. Only a correct code
   * switches two-factor authentication on (or, for a replacement, swaps the authenticator); its
   * time step is marked as used so that the same code cannot also sign in. A first enrollment
   * issues recovery codes, returned once in {@link TwoFactorResult.Success#recoveryCodes()}; a
   * replacement keeps the existing ones.
   *
   * @param accountId the account
   * @param code the code as typed
   * @return success, or a failure: no setup in progress ({@code NO_ENROLLMENT}, also when it was
   *     confirmed already), {@code EXPIRED}, {@code MALFORMED}, {@code INVALID}, {@code THROTTLED}
   *     or {@code LOCKED}
   * @throws SecretDecryptionException if the stored secret cannot be decrypted
   * @throws StateStoreException if the store fails; nothing is half-written
   */
  public TwoFactorResult confirmEnrollment(String accountId, CharSequence code) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(code, "code");
    Instant now = clock.instant();
    Optional<PendingCredential> found = store.findPending(accountId);
    if (found.isEmpty()) {
      return noEnrollment();
    }
    PendingCredential pending = found.get();
    if (!pending.isConfirmableAt(now)) {
      return new TwoFactorResult.Failure(
          TwoFactorResult.Reason.EXPIRED,
          "The setup has expired. Start again to get a new QR code.",
          null);
    }
    AttemptGate.Admission admission = gate.admit(accountId, now);
    VerificationResult refusal = admission.refusal();
    if (refusal != null) {
      return refused(accountId, refusal, now);
    }
    TotpParameters p = pending.parameters();
    if (Digits.parse(code, p.digits()) < 0) {
      return failed(accountId, new VerificationResult.Malformed(p.digits()), now);
    }
    OptionalLong matched =
        verifierFor(p).matchWithoutReplayProtection(decrypt(accountId, pending.secret()), code, now);
    if (matched.isEmpty()) {
      return failed(accountId, new VerificationResult.Invalid(), now);
    }
    long step = matched.getAsLong();
    int drift = (int) (step - TotpGenerator.stepAt(p, now));
    boolean replacement = store.findActive(accountId).isPresent();
    RecoveryCodes issued = replacement ? null : recoveryCodes.generate(recoveryCodeCount);
    boolean confirmed =
        store.confirmPending(
            accountId,
            pending.enrollmentId(),
            now,
            step,
            drift,
            issued == null ? null : issued.hashes());
    if (!confirmed) {
      return noEnrollment();
    }
    if (LOG.isInfoEnabled()) {
      LOG.info(
          "two-factor authentication {} for account {}",
          replacement ? "moved to a new authenticator" : "enabled",
          LogSafe.accountId(accountId));
    }
    emit(accountId, replacement ? TwoFactorEvent.Type.REPLACED : TwoFactorEvent.Type.ENABLED, now);
    int left = issued != null ? issued.count() : store.load(accountId).unusedRecoveryCodes();
    return new TwoFactorResult.Success(
        replacement
            ? "Your new authenticator is active. The old one no longer works."
            : "Two-factor authentication is on.",
        issued,
        left);
  }

  /**
   * Cancels the setup in progress, if any; an active authenticator is not affected.
   *
   * @param accountId the account
   * @return {@code true} if a setup was cancelled
   * @throws StateStoreException if the store fails
   */
  public boolean cancelEnrollment(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    Optional<PendingCredential> pending = store.findPending(accountId);
    if (pending.isEmpty() || !store.deletePending(accountId, pending.get().enrollmentId())) {
      return false;
    }
    emit(accountId, TwoFactorEvent.Type.ENROLLMENT_CANCELLED, clock.instant());
    return true;
  }

  /**
   * Verifies the code at sign-in, with replay protection (a time step is accepted once) and
   * throttling. Check {@link #status} first: only accounts with two-factor authentication on have
   * a code to verify.
   *
   * @param accountId the account
   * @param code the code as typed
   * @return the result; switch over {@link VerificationResult#kind()}
   * @throws IllegalStateException if two-factor authentication is not on for the account
   * @throws SecretDecryptionException if the stored secret cannot be decrypted (sign-in fails
   *     closed)
   * @throws StateStoreException if the store fails (sign-in fails closed)
   */
  public VerificationResult verify(String accountId, CharSequence code) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(code, "code");
    ActiveCredential active =
        store
            .findActive(accountId)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "two-factor authentication is not on for this account"));
    return verifierFor(active.parameters())
        .verify(accountId, decrypt(accountId, active.secret()), code, clock.instant());
  }

  /**
   * Signs in with a recovery code instead of a code, for a lost or broken phone. The code is spent
   * (single use, atomically, whatever the number of concurrent requests) and the failure count is
   * cleared, which also ends a lock-out. Recovery codes are still subject to the back-off delay.
   *
   * @param accountId the account
   * @param recoveryCode the recovery code as typed (case, spaces and hyphens do not matter)
   * @return success with the number of codes left, or a failure: {@code NOT_ENABLED},
   *     {@code MALFORMED}, {@code INVALID}, {@code ALREADY_USED} or {@code THROTTLED}
   * @throws StateStoreException if the store fails
   */
  public TwoFactorResult useRecoveryCode(String accountId, CharSequence recoveryCode) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(recoveryCode, "recoveryCode");
    Instant now = clock.instant();
    if (store.findActive(accountId).isEmpty()) {
      return notEnabled();
    }
    AttemptGate.Admission admission = gate.admitDespiteLockout(accountId, now);
    VerificationResult refusal = admission.refusal();
    if (refusal != null) {
      return refused(accountId, refusal, now);
    }
    if (!RecoveryCodeHasher.isWellFormed(recoveryCode)) {
      logFailure(accountId, "malformed recovery code", TwoFactorEvent.Type.FAILURE, now);
      return new TwoFactorResult.Failure(
          TwoFactorResult.Reason.MALFORMED,
          "Enter one of your recovery codes: 16 letters and digits, like XXXX-XXXX-XXXX-XXXX.",
          null);
    }
    List<RecoveryCodeHash> stored = store.recoveryCodes(accountId);
    Optional<RecoveryCodeHash> match = recoveryCodes.match(recoveryCode, stored);
    if (match.isEmpty()) {
      logFailure(accountId, "wrong recovery code", TwoFactorEvent.Type.FAILURE, now);
      return new TwoFactorResult.Failure(
          TwoFactorResult.Reason.INVALID,
          "This recovery code is not correct. Check it and try again.",
          null);
    }
    if (match.get().isUsed() || !store.consumeRecoveryCode(accountId, match.get().id(), now)) {
      logFailure(accountId, "spent recovery code", TwoFactorEvent.Type.REPLAY, now);
      return new TwoFactorResult.Failure(
          TwoFactorResult.Reason.ALREADY_USED,
          "This recovery code was already used. Each code works once.",
          null);
    }
    states.resetFailures(accountId);
    int left = 0;
    for (RecoveryCodeHash h : stored) {
      if (!h.isUsed() && !h.id().equals(match.get().id())) {
        left++;
      }
    }
    if (LOG.isInfoEnabled()) {
      LOG.info(
          "recovery code used for account {} ({} left)", LogSafe.accountId(accountId), left);
    }
    emit(accountId, TwoFactorEvent.Type.RECOVERY_CODE_USED, now);
    return new TwoFactorResult.Success(
        String.format(
            Locale.ROOT,
            "Recovery code accepted. You have %d recovery %s left.",
            left,
            left == 1 ? "code" : "codes"),
        null,
        left);
  }

  /**
   * Switches two-factor authentication off after proof of possession: a current code (6 to 8
   * digits) or a recovery code. Removes the secret, any setup in progress, the recovery codes and
   * the verification state in one atomic operation.
   *
   * @param accountId the account
   * @param codeOrRecoveryCode a current code or a recovery code, as typed
   * @return success, or the failure of the proof, or {@code NOT_ENABLED}
   * @throws SecretDecryptionException if the stored secret cannot be decrypted
   * @throws StateStoreException if the store fails; nothing is half-written
   */
  public TwoFactorResult disable(String accountId, CharSequence codeOrRecoveryCode) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(codeOrRecoveryCode, "codeOrRecoveryCode");
    TwoFactorResult proof = prove(accountId, codeOrRecoveryCode);
    if (!proof.isSuccess()) {
      return proof;
    }
    if (!store.disable(accountId)) {
      return notEnabled();
    }
    if (LOG.isInfoEnabled()) {
      LOG.info("two-factor authentication disabled for account {}", LogSafe.accountId(accountId));
    }
    emit(accountId, TwoFactorEvent.Type.DISABLED, clock.instant());
    return new TwoFactorResult.Success("Two-factor authentication is off.", null, 0);
  }

  /**
   * Replaces all recovery codes with new ones after proof of possession: a current code or a
   * recovery code. The new codes are returned once, in
   * {@link TwoFactorResult.Success#recoveryCodes()}; only their hashes are stored.
   *
   * @param accountId the account
   * @param codeOrRecoveryCode a current code or a recovery code, as typed
   * @return success with the new codes, or the failure of the proof, or {@code NOT_ENABLED}
   * @throws SecretDecryptionException if the stored secret cannot be decrypted
   * @throws StateStoreException if the store fails
   */
  public TwoFactorResult regenerateRecoveryCodes(String accountId, CharSequence codeOrRecoveryCode) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(codeOrRecoveryCode, "codeOrRecoveryCode");
    TwoFactorResult proof = prove(accountId, codeOrRecoveryCode);
    if (!proof.isSuccess()) {
      return proof;
    }
    RecoveryCodes issued = recoveryCodes.generate(recoveryCodeCount);
    if (!store.replaceRecoveryCodes(accountId, issued.hashes())) {
      return notEnabled();
    }
    if (LOG.isInfoEnabled()) {
      LOG.info("recovery codes regenerated for account {}", LogSafe.accountId(accountId));
    }
    emit(accountId, TwoFactorEvent.Type.RECOVERY_CODES_REGENERATED, clock.instant());
    return new TwoFactorResult.Success(
        "New recovery codes are ready. The old ones no longer work.", issued, issued.count());
  }

  /**
   * Removes setups that expired without confirmation; call it now and then (housekeeping).
   *
   * @return how many were removed
   * @throws StateStoreException if the store fails
   */
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
   * Returns the throttle policy shared by every kind of attempt.
   *
   * @return the policy
   */
  public ThrottlePolicy throttlePolicy() {
    return throttlePolicy;
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

  /** A code of 6 to 8 digits is checked as a code, anything else as a recovery code. */
  private TwoFactorResult prove(String accountId, CharSequence input) {
    if (store.findActive(accountId).isEmpty()) {
      return notEnabled();
    }
    if (!looksLikeCode(input)) {
      return useRecoveryCode(accountId, input);
    }
    VerificationResult result = verify(accountId, input);
    return result.isAccepted()
        ? new TwoFactorResult.Success(result.message(), null, 0)
        : TwoFactorResult.Failure.of(result);
  }

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

  private TotpVerifier verifierFor(TotpParameters p) {
    return p.equals(parameters) ? verifier : newVerifier(p);
  }

  private TotpVerifier newVerifier(TotpParameters p) {
    return TotpVerifier.builder(states)
        .parameters(p)
        .window(window)
        .throttlePolicy(throttlePolicy)
        .clock(clock)
        .listener(this::onVerification)
        .build();
  }

  private void onVerification(VerificationEvent event) {
    TwoFactorEvent.Type type =
        switch (event.kind()) {
          case ACCEPTED -> TwoFactorEvent.Type.CODE_ACCEPTED;
          case MALFORMED, INVALID -> TwoFactorEvent.Type.FAILURE;
          case ALREADY_USED -> TwoFactorEvent.Type.REPLAY;
          case THROTTLED -> TwoFactorEvent.Type.THROTTLED;
          case LOCKED -> TwoFactorEvent.Type.LOCKED;
        };
    emit(event.accountId(), type, event.at());
  }

  private OtpSecret decrypt(String accountId, EncryptedSecret secret) {
    try {
      return cipher.decrypt(accountId, secret);
    } catch (SecretDecryptionException e) {
      LOG.error(
          "the stored secret of account {} cannot be decrypted ({}); refusing",
          LogSafe.accountId(accountId),
          e.getMessage());
      throw e;
    }
  }

  private TwoFactorResult refused(String accountId, VerificationResult refusal, Instant now) {
    boolean locked = refusal.kind() == VerificationResult.Kind.LOCKED;
    if (LOG.isInfoEnabled()) {
      LOG.info(
          "attempt refused for account {}: {}",
          LogSafe.accountId(accountId),
          locked ? "locked" : "throttled");
    }
    emit(accountId, locked ? TwoFactorEvent.Type.LOCKED : TwoFactorEvent.Type.THROTTLED, now);
    return TwoFactorResult.Failure.of(refusal);
  }

  private TwoFactorResult failed(String accountId, VerificationResult result, Instant now) {
    logFailure(
        accountId,
        result.kind() == VerificationResult.Kind.MALFORMED
            ? "malformed first code"
            : "wrong first code",
        TwoFactorEvent.Type.FAILURE,
        now);
    return TwoFactorResult.Failure.of(result);
  }

  private void logFailure(String accountId, String what, TwoFactorEvent.Type type, Instant now) {
    if (type == TwoFactorEvent.Type.REPLAY) {
      LOG.warn("{} for account {}", what, LogSafe.accountId(accountId));
    } else if (LOG.isInfoEnabled()) {
      LOG.info("{} for account {}", what, LogSafe.accountId(accountId));
    }
    emit(accountId, type, now);
  }

  private static TwoFactorResult notEnabled() {
    return new TwoFactorResult.Failure(
        TwoFactorResult.Reason.NOT_ENABLED,
        "Two-factor authentication is not on for this account.",
        null);
  }

  private static TwoFactorResult noEnrollment() {
    return new TwoFactorResult.Failure(
        TwoFactorResult.Reason.NO_ENROLLMENT,
        "No authenticator is being set up. Start again to get a new QR code.",
        null);
  }

  private void emit(String accountId, TwoFactorEvent.Type type, Instant at) {
    TwoFactorListener l = listener;
    if (l == null) {
      return;
    }
    try {
      l.onEvent(new TwoFactorEvent(accountId, type, at));
    } catch (RuntimeException e) {
      LOG.warn(
          "two-factor listener failed for account {}; the outcome stands",
          LogSafe.accountId(accountId),
          e);
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
    private RecoveryCodeHasher recoveryCodes = RecoveryCodeHasher.create();
    private int recoveryCodeCount = RecoveryCodeHasher.DEFAULT_COUNT;
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
    public Builder issuer(String newIssuer) {
      this.issuer = Objects.requireNonNull(newIssuer, "issuer");
      return this;
    }

    /**
     * Sets the TOTP parameters of new enrollments; the default (SHA-1, 6 digits, 30 seconds) is
     * the only one every authenticator app honours, see
     * {@link OtpAuthUri#compatibility(TotpParameters)}.
     *
     * @param newParameters the parameters; T0 must be the epoch (otpauth URIs cannot carry T0)
     * @return this builder
     */
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
    public Builder window(Window newWindow) {
      this.window = Objects.requireNonNull(newWindow, "window");
      return this;
    }

    /**
     * Sets the throttle policy shared by codes at sign-in, first codes and recovery codes; default
     * {@link ThrottlePolicy#DEFAULT}.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder throttlePolicy(ThrottlePolicy policy) {
      this.throttlePolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Sets how long a started setup can be confirmed; default 15 minutes.
     *
     * @param ttl 1 minute to 1 day
     * @return this builder
     */
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
     * Sets how recovery codes are generated and hashed, for example with a server-side pepper.
     *
     * @param hasher the hasher
     * @return this builder
     */
    public Builder recoveryCodeHasher(RecoveryCodeHasher hasher) {
      this.recoveryCodes = Objects.requireNonNull(hasher, "hasher");
      return this;
    }

    /**
     * Sets how many recovery codes are issued at once; default
     * {@value RecoveryCodeHasher#DEFAULT_COUNT}.
     *
     * @param count 1 to {@value RecoveryCodeHasher#MAX_COUNT}
     * @return this builder
     */
    public Builder recoveryCodeCount(int count) {
      if (count < 1 || count > RecoveryCodeHasher.MAX_COUNT) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "recoveryCodeCount must be 1 to %d but was %d",
                RecoveryCodeHasher.MAX_COUNT,
                count));
      }
      this.recoveryCodeCount = count;
      return this;
    }

    /**
     * Sets the clock; default {@link Clock#systemUTC()}.
     *
     * @param newClock the clock
     * @return this builder
     */
    public Builder clock(Clock newClock) {
      this.clock = Objects.requireNonNull(newClock, "clock");
      return this;
    }

    /**
     * Sets a listener for audit events.
     *
     * @param newListener the listener
     * @return this builder
     */
    public Builder listener(TwoFactorListener newListener) {
      this.listener = Objects.requireNonNull(newListener, "listener");
      return this;
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
      if (!parameters.t0().equals(Instant.EPOCH)) {
        throw new IllegalArgumentException(
            "parameters.t0 must be the epoch: otpauth URIs cannot tell authenticator apps another"
                + " T0");
      }
      return new TwoFactorService(this, i);
    }
  }
}
