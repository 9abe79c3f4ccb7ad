package io.github.otpkit.totp.auth;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.github.otpkit.totp.HmacAlgorithm;
import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.TotpGenerator;
import io.github.otpkit.totp.TotpParameters;
import io.github.otpkit.totp.auth.AttemptPipeline.Check;
import io.github.otpkit.totp.auth.VerificationResult.Proof;
import io.github.otpkit.totp.internal.CodeSource;
import io.github.otpkit.totp.internal.Digits;
import io.github.otpkit.totp.internal.HmacKeys;
import io.github.otpkit.totp.store.AccountState;
import io.github.otpkit.totp.store.AccountStateStore;
import io.github.otpkit.totp.store.InMemoryStore;
import io.github.otpkit.totp.store.StateStoreException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies TOTP codes (RFC 6238) at sign-in, with replay protection and throttling built in.
 *
 * <pre>{@code
 * TotpVerifier verifier = TotpVerifier.builder(store).build();   // e.g. InMemoryStore.create()
 * VerificationResult result = verifier.verify(userId, secret, typedCode);
 * }</pre>
 *
 * <p>One {@link #verify(String, OtpSecret, CharSequence, Instant) verify} call:
 *
 * <ol>
 *   <li>rejects a secret shorter than 16 bytes (RFC 4226 R6) with an exception, unless the builder
 *       opted in with {@link Builder#allowLegacyShortSecrets()};
 *   <li>reads the account's state once and, if the account is locked or throttled ({@link
 *       ThrottlePolicy}), returns {@link VerificationResult.Locked} or {@link
 *       VerificationResult.Throttled} without looking at the code and without writing;
 *   <li>parses the code strictly: ASCII spaces are removed, then exactly {@code digits} ASCII
 *       digits must remain; anything else ({@code +123456}, full-width or Arabic-Indic digits,
 *       tabs, a wrong length) is {@link VerificationResult.Malformed}, never compared, and counts
 *       as an attempt;
 *   <li>prepares the key once and computes the code of every step in the {@link Window} around the
 *       expected step, comparing each in constant time with no early exit; steps below 0 are
 *       skipped;
 *   <li>accepts only a step later than the account's last used step (RFC 6238 section 5.2). A code
 *       that matches a step at or below the last used one is {@link
 *       VerificationResult.AlreadyUsed};
 *   <li>writes the outcome with one compare-and-set of the state it read ({@link
 *       AccountStateStore#updateState}): the accepted step (failures cleared), or one more failure.
 *       If another attempt changed the state meanwhile, nothing is written and the attempt is read
 *       and judged again: of two requests with the same code exactly one passes, and parallel
 *       guesses cannot slip past the back-off.
 * </ol>
 *
 * <p>Replay protection cannot be switched off: the builder requires a store. Callers that must keep
 * their own state may use {@link #matchWithoutReplayProtection}, which has none of these
 * protections.
 *
 * <h2>Drift</h2>
 *
 * With {@link Builder#trackDrift(boolean)} the drift observed at each acceptance is stored and the
 * next window is centred on it (RFC 6238 section 6), capped at {@value Window#MAX} steps either
 * way, so that a device whose clock runs slow or fast keeps working with a small window.
 *
 * <h2>Security considerations</h2>
 *
 * The secret arrives with each call so that portals can keep it encrypted at rest and decrypt it
 * per sign-in; this class copies it only while preparing the key and wipes the copy. Logs and
 * events name the account, never the code or the secret. While the store is unavailable no code is
 * accepted: {@link StateStoreException} propagates (fail closed). Use TLS: a code is a bearer
 * credential for its time step.
 *
 * <h2>Thread safety</h2>
 *
 * Immutable and thread-safe; build one per configuration and share it. Its {@link Builder} is
 * mutable and not thread-safe.
 */
public final class TotpVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(TotpVerifier.class);

  private final TotpParameters parameters;
  private final Window window;
  private final int[] offsets;
  private final boolean trackDrift;
  private final Clock clock;
  private final HmacKeys keys;
  private final AccountStateStore store;
  private final AttemptPipeline pipeline;
  private final boolean allowLegacyShortSecrets;

  private TotpVerifier(Builder b) {
    this(
        b.store,
        b.parameters,
        b.window,
        b.trackDrift,
        b.clock,
        new AttemptPipeline(b.throttlePolicy, new Events(LOG, b.listener), b.store),
        b.allowLegacyShortSecrets);
  }

  private TotpVerifier(
      AccountStateStore store,
      TotpParameters parameters,
      Window window,
      boolean trackDrift,
      Clock clock,
      AttemptPipeline pipeline,
      boolean allowLegacyShortSecrets) {
    this.store = store;
    this.parameters = parameters;
    this.window = window;
    this.offsets = window.offsetsByPreference();
    this.trackDrift = trackDrift;
    this.clock = clock;
    HmacAlgorithm a = parameters.algorithm();
    this.keys = HmacKeys.of(a.digestName(), a.blockBytes(), a.outputBytes());
    this.pipeline = pipeline;
    this.allowLegacyShortSecrets = allowLegacyShortSecrets;
  }

  /**
   * Starts a builder. The store is required: it holds the last used step and the failures of each
   * account, which replay protection and throttling need.
   *
   * @param store the account state store, e.g. an {@link InMemoryStore} on a single node or a
   *     database store shared by all nodes
   * @return a new builder with the defaults
   */
  public static Builder builder(AccountStateStore store) {
    return new Builder(Objects.requireNonNull(store, "store"));
  }

  /**
   * Verifies a code at the time of the verifier's clock.
   *
   * @param accountId the account, not empty; appears in logs and events
   * @param secret the account's secret
   * @param code the code as the user typed it
   * @return the result; never {@code null}
   * @throws IllegalArgumentException if the account id is empty, the secret is shorter than 16
   *     bytes without the legacy opt-in, or the clock is before T0
   * @throws StateStoreException if the state store fails; no code is accepted then
   */
  public VerificationResult verify(String accountId, OtpSecret secret, CharSequence code) {
    return verify(accountId, secret, code, clock.instant());
  }

  /**
   * Verifies a code at a given time.
   *
   * @param accountId the account, not empty; appears in logs and events
   * @param secret the account's secret
   * @param code the code as the user typed it
   * @param at the time of the attempt
   * @return the result; never {@code null}
   * @throws IllegalArgumentException if the account id is empty, the secret is shorter than 16
   *     bytes without the legacy opt-in, or {@code at} is before T0
   * @throws StateStoreException if the state store fails; no code is accepted then
   */
  public VerificationResult verify(
      String accountId, OtpSecret secret, CharSequence code, Instant at) {
    AccountStateStore.checkAccountId(accountId);
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(at, "at");
    AttemptPipeline.checkSecret(secret, allowLegacyShortSecrets);
    long current = TotpGenerator.stepAt(parameters, at);
    int value = Digits.parse(code, parameters.digits());
    return pipeline.run(accountId, at, new SignIn(accountId, secret, value, current));
  }

  /** One sign-in attempt on the verifier's store. */
  private final class SignIn implements AttemptPipeline.Attempt<AccountState> {
    private final String accountId;
    private final OtpSecret secret;
    private final int value;
    private final long current;

    SignIn(String accountId, OtpSecret secret, int value, long current) {
      this.accountId = accountId;
      this.secret = secret;
      this.value = value;
      this.current = current;
    }

    @Override
    public AccountState read() {
      return store.loadState(accountId);
    }

    @Override
    public AccountState state(AccountState read) {
      return read;
    }

    @Override
    public Proof proof() {
      return Proof.CODE;
    }

    @Override
    public Check check(AccountState read, AccountState state) {
      return checkCode(secret, value, current, state);
    }

    @Override
    public boolean recordAcceptance(AccountState read, AccountState state, Check match) {
      return store.updateState(state, state.accepted(match.step(), match.drift()));
    }

    @Override
    public VerificationResult.Accepted accepted(AccountState read, Check match) {
      return VerificationResult.Accepted.code(match.step(), (int) (match.step() - current));
    }

    @Override
    public boolean recordFailure(AccountState expected, AccountState charged) {
      return store.updateState(expected, charged);
    }
  }

  /**
   * Checks a parsed code against the window of the state: the centre moved by the remembered drift
   * when drift is tracked, steps at or below the last used one reported as already used. The drift
   * of a match is the one to remember: the observed one if drift is tracked, else 0.
   */
  Check checkCode(OtpSecret secret, int value, long current, AccountState state) {
    if (value < 0) {
      return Check.failed(VerificationResult.Malformed.code(parameters.digits()));
    }
    long centre = current + (trackDrift ? clampDrift(state.driftSteps()) : 0);
    CodeSource codes = AttemptPipeline.prepare(keys, secret, parameters.digits());
    WindowMatcher.Match match =
        WindowMatcher.match(codes, value, centre, offsets, state.lastUsedStep());
    return switch (match.outcome()) {
      case ACCEPTABLE ->
          Check.matched(match.step(), trackDrift ? (int) (match.step() - current) : 0);
      case USED -> Check.used(Proof.CODE, match.step());
      case NONE -> Check.failed(new VerificationResult.Invalid(Proof.CODE));
    };
  }

  /**
   * Returns a verifier with the same window and drift setting for other parameters, sharing the
   * store and the pipeline (used by the service for accounts whose parameters differ).
   */
  TotpVerifier withParameters(TotpParameters other) {
    return new TotpVerifier(
        store, other, window, trackDrift, clock, pipeline, allowLegacyShortSecrets);
  }

  /**
   * Checks a code against the window around the step of {@code at}, <strong>without replay
   * protection and without throttling</strong>: second choice, only for callers who keep their own
   * per-account state.
   *
   * <p>This method reads and writes no state, charges no attempt and emits no event. A caller that
   * uses it must itself accept a returned step only if it is greater than the account's last used
   * step, and record it in the same atomic operation (RFC 6238 section 5.2), and must itself limit
   * attempts per account (RFC 4226 section 7.3). Without that, a code can be used several times
   * within its window and a guesser is not slowed down. Prefer {@link #verify}.
   *
   * @param secret the account's secret
   * @param code the code as the user typed it
   * @param at the time of the attempt
   * @return the matched step (the one closest to the step of {@code at} if several match), or empty
   *     if the code is malformed or matches no step of the window
   * @throws IllegalArgumentException if the secret is shorter than 16 bytes without the legacy
   *     opt-in, or {@code at} is before T0
   */
  public OptionalLong matchWithoutReplayProtection(
      OtpSecret secret, CharSequence code, Instant at) {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(at, "at");
    AttemptPipeline.checkSecret(secret, allowLegacyShortSecrets);
    long current = TotpGenerator.stepAt(parameters, at);
    int value = Digits.parse(code, parameters.digits());
    if (value < 0) {
      return OptionalLong.empty();
    }
    CodeSource codes = AttemptPipeline.prepare(keys, secret, parameters.digits());
    WindowMatcher.Match match =
        WindowMatcher.match(codes, value, current, offsets, AccountState.NONE);
    return match.outcome() == WindowMatcher.Outcome.ACCEPTABLE
        ? OptionalLong.of(match.step())
        : OptionalLong.empty();
  }

  private static int clampDrift(int drift) {
    return Math.max(-Window.MAX, Math.min(Window.MAX, drift));
  }

  /**
   * Returns the TOTP parameters.
   *
   * @return algorithm, digits, period and T0
   */
  public TotpParameters parameters() {
    return parameters;
  }

  /**
   * Returns the window.
   *
   * @return the steps accepted behind and ahead of the expected one
   */
  public Window window() {
    return window;
  }

  /**
   * Returns the throttle policy.
   *
   * @return the policy
   */
  public ThrottlePolicy throttlePolicy() {
    return pipeline.policy();
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
   * Returns the clock that {@link #verify(String, OtpSecret, CharSequence)} reads.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  /**
   * Returns a description of the configuration, without secrets.
   *
   * @return e.g. {@code TotpVerifier[SHA1, 6 digits, 30 s, window 1/1]}
   */
  @Override
  public String toString() {
    return "TotpVerifier["
        + parameters.algorithm()
        + ", "
        + parameters.digits()
        + " digits, "
        + parameters.periodSeconds()
        + " s, window "
        + window.behind()
        + "/"
        + window.ahead()
        + (trackDrift ? ", drift tracked" : "")
        + "]";
  }

  /**
   * Builds a {@link TotpVerifier}. Defaults: {@link TotpParameters#DEFAULT}, {@link
   * Window#DEFAULT}, {@link ThrottlePolicy#DEFAULT}, {@link Clock#systemUTC()}, no listener, no
   * drift tracking, secrets of at least 16 bytes.
   *
   * <p>Mutable and not thread-safe; the verifier it builds is immutable and thread-safe.
   */
  public static final class Builder {
    private final AccountStateStore store;
    private TotpParameters parameters = TotpParameters.DEFAULT;
    private Window window = Window.DEFAULT;
    private ThrottlePolicy throttlePolicy = ThrottlePolicy.DEFAULT;
    private Clock clock = Clock.systemUTC();
    private @Nullable TwoFactorListener listener;
    private boolean trackDrift;
    private boolean allowLegacyShortSecrets;

    private Builder(AccountStateStore store) {
      this.store = store;
    }

    /**
     * Sets the TOTP parameters; they must match the ones the authenticator app was given.
     *
     * @param newParameters algorithm, digits, period and T0; {@link TotpParameters#DEFAULT} by
     *     default
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder parameters(TotpParameters newParameters) {
      this.parameters = Objects.requireNonNull(newParameters, "parameters");
      return this;
    }

    /**
     * Sets the window of accepted steps.
     *
     * @param newWindow steps behind and ahead; {@link Window#DEFAULT} (1 and 1) by default
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder window(Window newWindow) {
      this.window = Objects.requireNonNull(newWindow, "window");
      return this;
    }

    /**
     * Sets the throttle policy.
     *
     * @param policy the policy; {@link ThrottlePolicy#DEFAULT} by default
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder throttlePolicy(ThrottlePolicy policy) {
      this.throttlePolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Sets the clock of {@link TotpVerifier#verify(String, OtpSecret, CharSequence)}.
     *
     * @param newClock the clock; {@link Clock#systemUTC()} by default
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
     * @param newListener the listener; none by default
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder listener(TwoFactorListener newListener) {
      this.listener = Objects.requireNonNull(newListener, "listener");
      return this;
    }

    /**
     * Turns drift tracking on or off (RFC 6238 section 6): the drift observed at an acceptance is
     * stored and the next window is centred on it, capped at {@value Window#MAX} steps.
     *
     * @param on {@code true} to track drift; off by default
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder trackDrift(boolean on) {
      this.trackDrift = on;
      return this;
    }

    /**
     * Accepts secrets of 10 to 15 bytes (80 to 120 bits), below the RFC 4226 minimum of 128 bits,
     * for accounts imported from systems that issued them. New secrets must never be that short.
     *
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder allowLegacyShortSecrets() {
      this.allowLegacyShortSecrets = true;
      return this;
    }

    /**
     * Builds the verifier.
     *
     * @return a new immutable verifier
     * @throws IllegalStateException if the JVM lacks the HMAC algorithm
     */
    public TotpVerifier build() {
      return new TotpVerifier(this);
    }
  }
}
