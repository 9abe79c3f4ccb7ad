package io.github.otpkit.totp.auth;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.github.otpkit.totp.HmacAlgorithm;
import io.github.otpkit.totp.HotpParameters;
import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.auth.AttemptPipeline.Check;
import io.github.otpkit.totp.auth.VerificationResult.Proof;
import io.github.otpkit.totp.internal.CodeSource;
import io.github.otpkit.totp.internal.Digits;
import io.github.otpkit.totp.internal.HmacKeys;
import io.github.otpkit.totp.store.AccountState;
import io.github.otpkit.totp.store.AccountStateStore;
import io.github.otpkit.totp.store.StateStoreException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies HOTP codes (RFC 4226) with an atomically advanced counter, a look-ahead window,
 * throttling and resynchronisation.
 *
 * <p>The account's counter is its last used step in the {@link AccountStateStore}: the next
 * acceptable counter is {@code lastUsedStep + 1}, so an account without state expects counter 0. To
 * enrol a token whose next code is at counter {@code c}, call {@code store.resetState(accountId, c
 * - 1)}.
 *
 * <p>{@link #verify(String, OtpSecret, CharSequence, Instant) verify} works like {@link
 * TotpVerifier#verify(String, OtpSecret, CharSequence, Instant) TotpVerifier.verify}: the secret
 * rule, throttling charged before the check, strict parsing, constant-time comparison of every
 * candidate. The candidates are the expected counter and the {@code lookAhead} counters after it
 * (RFC 4226 section 7.4); a match advances the counter to the matched one with a compare-and-set,
 * so a code is accepted at most once and codes behind the counter never are. The last used counter
 * is compared too, so that a code submitted twice is reported as {@link
 * VerificationResult.AlreadyUsed}; older codes are {@link VerificationResult.Invalid}.
 *
 * <h2>Look-ahead</h2>
 *
 * The default look-ahead is {@value #DEFAULT_LOOK_AHEAD}: enough for a few button presses or app
 * refreshes that never reached the server, while each extra counter adds only one chance in {@code
 * 10^digits} to every guess. A token that drifted further is brought back with {@link
 * #resynchronize}, which searches {@value #DEFAULT_RESYNC_WINDOW} counters but needs two
 * consecutive codes, so a guess succeeds there with a chance of about one in {@code 10^(2 * digits)
 * / window}.
 *
 * <h2>Thread safety</h2>
 *
 * Immutable and thread-safe; its {@link Builder} is mutable and not thread-safe.
 */
public final class HotpVerifier {
  /** The default look-ahead: 5 counters after the expected one. */
  public static final int DEFAULT_LOOK_AHEAD = 5;

  /** The largest look-ahead: 20. */
  public static final int MAX_LOOK_AHEAD = 20;

  /** The default resynchronisation window: 100 counters. */
  public static final int DEFAULT_RESYNC_WINDOW = 100;

  /** The largest resynchronisation window: 1000 counters. */
  public static final int MAX_RESYNC_WINDOW = 1000;

  private static final Logger LOG = LoggerFactory.getLogger(HotpVerifier.class);

  private final HotpParameters parameters;
  private final int lookAhead;
  private final int resyncWindow;
  private final int[] offsets;
  private final int[] lookAheadOffsets;
  private final Clock clock;
  private final HmacKeys keys;
  private final AccountStateStore store;
  private final AttemptPipeline pipeline;
  private final boolean allowLegacyShortSecrets;

  private HotpVerifier(Builder b) {
    this.parameters = b.parameters;
    this.lookAhead = b.lookAhead;
    this.resyncWindow = b.resyncWindow;
    // Expected counter first, then the look-ahead, then the last used counter (to report replays).
    this.offsets = new int[b.lookAhead + 2];
    for (int i = 0; i <= b.lookAhead; i++) {
      offsets[i] = i;
    }
    offsets[b.lookAhead + 1] = -1;
    // Without replay protection there is no replay to report: the look-ahead only.
    this.lookAheadOffsets = Arrays.copyOf(offsets, b.lookAhead + 1);
    this.clock = b.clock;
    HmacAlgorithm a = b.parameters.algorithm();
    this.keys = HmacKeys.of(a.digestName(), a.blockBytes(), a.outputBytes());
    this.store = b.store;
    this.pipeline = new AttemptPipeline(b.throttlePolicy, new Events(LOG, b.listener), b.store);
    this.allowLegacyShortSecrets = b.allowLegacyShortSecrets;
  }

  /**
   * Starts a builder. The store is required: it holds each account's counter and failures.
   *
   * @param store the account state store
   * @return a new builder with the defaults
   */
  public static Builder builder(AccountStateStore store) {
    return new Builder(Objects.requireNonNull(store, "store"));
  }

  /**
   * Verifies a code, charging throttling at the time of the verifier's clock.
   *
   * @param accountId the account, not empty
   * @param secret the account's secret
   * @param code the code as the user typed it
   * @return the result; {@link VerificationResult.Accepted#step()} is the matched counter and
   *     {@link VerificationResult.Accepted#driftSteps()} how far it was ahead of the expected one
   * @throws IllegalArgumentException if the account id is empty or the secret is shorter than 16
   *     bytes without the legacy opt-in
   * @throws StateStoreException if the state store fails; no code is accepted then
   */
  public VerificationResult verify(String accountId, OtpSecret secret, CharSequence code) {
    return verify(accountId, secret, code, clock.instant());
  }

  /**
   * Verifies a code, charging throttling at a given time.
   *
   * @param accountId the account, not empty
   * @param secret the account's secret
   * @param code the code as the user typed it
   * @param at the time of the attempt, for throttling
   * @return the result
   * @throws IllegalArgumentException if the account id is empty or the secret is shorter than 16
   *     bytes without the legacy opt-in
   * @throws StateStoreException if the state store fails; no code is accepted then
   */
  public VerificationResult verify(
      String accountId, OtpSecret secret, CharSequence code, Instant at) {
    AccountStateStore.checkAccountId(accountId);
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(at, "at");
    AttemptPipeline.checkSecret(secret, allowLegacyShortSecrets);
    int value = Digits.parse(code, parameters.digits());
    return pipeline.run(
        accountId,
        at,
        new CounterAttempt(accountId, false) {
          @Override
          public Check check(AccountState read, AccountState state) {
            if (value < 0) {
              return Check.failed(VerificationResult.Malformed.code(parameters.digits()));
            }
            long lastUsed = state.lastUsedStep();
            CodeSource codes = AttemptPipeline.prepare(keys, secret, parameters.digits());
            WindowMatcher.Match match =
                WindowMatcher.match(codes, value, lastUsed + 1, offsets, lastUsed);
            return switch (match.outcome()) {
              case ACCEPTABLE -> Check.matched(match.step(), (int) (match.step() - lastUsed - 1));
              case USED -> Check.used(Proof.CODE, match.step());
              case NONE -> Check.failed(new VerificationResult.Invalid(Proof.CODE));
            };
          }
        });
  }

  /** An attempt that advances the account's counter in the verifier's store. */
  private abstract class CounterAttempt implements AttemptPipeline.Attempt<AccountState> {
    private final String accountId;
    private final boolean resync;

    CounterAttempt(String accountId, boolean resync) {
      this.accountId = accountId;
      this.resync = resync;
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
    public boolean isResync() {
      return resync;
    }

    @Override
    public boolean recordAcceptance(AccountState read, AccountState state, Check match) {
      return store.updateState(state, state.accepted(match.step(), 0));
    }

    @Override
    public VerificationResult.Accepted accepted(AccountState read, Check match) {
      return VerificationResult.Accepted.code(match.step(), match.drift());
    }

    @Override
    public boolean recordFailure(AccountState expected, AccountState charged) {
      return store.updateState(expected, charged);
    }
  }

  /**
   * Resynchronises a token that drifted beyond the look-ahead (RFC 4226 section 7.4): the user
   * types two consecutive codes, which are searched for among the next {@code resyncWindow}
   * counters; if found, the counter advances past the second code.
   *
   * <p>Throttled like {@link #verify}; the pair counts as one attempt.
   *
   * @param accountId the account, not empty
   * @param secret the account's secret
   * @param firstCode a code from the token
   * @param secondCode the code that the token showed right after {@code firstCode}
   * @return {@link VerificationResult.Accepted} with the counter of the second code, or a rejection
   *     ({@link VerificationResult.Malformed} if either code is)
   * @throws IllegalArgumentException if the account id is empty or the secret is shorter than 16
   *     bytes without the legacy opt-in
   * @throws StateStoreException if the state store fails
   */
  public VerificationResult resynchronize(
      String accountId, OtpSecret secret, CharSequence firstCode, CharSequence secondCode) {
    return resynchronize(accountId, secret, firstCode, secondCode, clock.instant());
  }

  /**
   * Resynchronises a token at a given time; see {@link #resynchronize(String, OtpSecret,
   * CharSequence, CharSequence)}.
   *
   * @param accountId the account, not empty
   * @param secret the account's secret
   * @param firstCode a code from the token
   * @param secondCode the code that the token showed right after {@code firstCode}
   * @param at the time of the attempt, for throttling
   * @return the result
   * @throws IllegalArgumentException if the account id is empty or the secret is shorter than 16
   *     bytes without the legacy opt-in
   * @throws StateStoreException if the state store fails
   */
  public VerificationResult resynchronize(
      String accountId,
      OtpSecret secret,
      CharSequence firstCode,
      CharSequence secondCode,
      Instant at) {
    AccountStateStore.checkAccountId(accountId);
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(firstCode, "firstCode");
    Objects.requireNonNull(secondCode, "secondCode");
    Objects.requireNonNull(at, "at");
    AttemptPipeline.checkSecret(secret, allowLegacyShortSecrets);
    int first = Digits.parse(firstCode, parameters.digits());
    int second = Digits.parse(secondCode, parameters.digits());
    return pipeline.run(
        accountId,
        at,
        new CounterAttempt(accountId, true) {
          @Override
          public Check check(AccountState read, AccountState state) {
            if (first < 0 || second < 0) {
              return Check.failed(VerificationResult.Malformed.code(parameters.digits()));
            }
            long expected = state.lastUsedStep() + 1;
            CodeSource codes = AttemptPipeline.prepare(keys, secret, parameters.digits());
            long match = WindowMatcher.matchPair(codes, first, second, expected, resyncWindow);
            return match >= 0
                ? Check.matched(match, (int) (match - expected))
                : Check.failed(new VerificationResult.Invalid(Proof.CODE));
          }
        });
  }

  /**
   * Checks a code against the counters {@code expectedCounter} to {@code expectedCounter +
   * lookAhead}, <strong>without advancing any counter and without throttling</strong>: second
   * choice, only for callers who keep their own counters.
   *
   * <p>This method reads and writes no state, charges no attempt and emits no event. A caller that
   * uses it must itself advance the counter past the returned one in the same atomic operation that
   * checks it (RFC 4226 section 7.2), and must itself limit attempts (section 7.3); otherwise a
   * code can be used again. Prefer {@link #verify}.
   *
   * @param secret the account's secret
   * @param code the code as the user typed it
   * @param expectedCounter the next unused counter, 0 or more
   * @return the lowest matching counter, or empty if the code is malformed or matches none
   * @throws IllegalArgumentException if the counter is negative, or the secret is shorter than 16
   *     bytes without the legacy opt-in
   */
  public OptionalLong matchWithoutReplayProtection(
      OtpSecret secret, CharSequence code, long expectedCounter) {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(code, "code");
    if (expectedCounter < 0) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT, "expectedCounter must be 0 or more but was %d", expectedCounter));
    }
    AttemptPipeline.checkSecret(secret, allowLegacyShortSecrets);
    int value = Digits.parse(code, parameters.digits());
    if (value < 0) {
      return OptionalLong.empty();
    }
    CodeSource codes = AttemptPipeline.prepare(keys, secret, parameters.digits());
    WindowMatcher.Match match =
        WindowMatcher.match(codes, value, expectedCounter, lookAheadOffsets, expectedCounter - 1);
    return match.outcome() == WindowMatcher.Outcome.ACCEPTABLE
        ? OptionalLong.of(match.step())
        : OptionalLong.empty();
  }

  /**
   * Returns the HOTP parameters.
   *
   * @return algorithm and digits
   */
  public HotpParameters parameters() {
    return parameters;
  }

  /**
   * Returns the look-ahead.
   *
   * @return counters accepted after the expected one
   */
  public int lookAhead() {
    return lookAhead;
  }

  /**
   * Returns the resynchronisation window.
   *
   * @return counters searched by {@link #resynchronize}
   */
  public int resyncWindow() {
    return resyncWindow;
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
   * Returns a description of the configuration, without secrets.
   *
   * @return e.g. {@code HotpVerifier[SHA1, 6 digits, look-ahead 5, resync 100]}
   */
  @Override
  public String toString() {
    return "HotpVerifier["
        + parameters.algorithm()
        + ", "
        + parameters.digits()
        + " digits, look-ahead "
        + lookAhead
        + ", resync "
        + resyncWindow
        + "]";
  }

  /**
   * Builds an {@link HotpVerifier}. Defaults: {@link HotpParameters#DEFAULT}, look-ahead {@value
   * #DEFAULT_LOOK_AHEAD}, resynchronisation window {@value #DEFAULT_RESYNC_WINDOW}, {@link
   * ThrottlePolicy#DEFAULT}, {@link Clock#systemUTC()}, no listener, secrets of at least 16 bytes.
   *
   * <p>Mutable and not thread-safe; the verifier it builds is immutable and thread-safe.
   */
  public static final class Builder {
    private final AccountStateStore store;
    private HotpParameters parameters = HotpParameters.DEFAULT;
    private int lookAhead = DEFAULT_LOOK_AHEAD;
    private int resyncWindow = DEFAULT_RESYNC_WINDOW;
    private ThrottlePolicy throttlePolicy = ThrottlePolicy.DEFAULT;
    private Clock clock = Clock.systemUTC();
    private @Nullable TwoFactorListener listener;
    private boolean allowLegacyShortSecrets;

    private Builder(AccountStateStore store) {
      this.store = store;
    }

    /**
     * Sets the HOTP parameters.
     *
     * @param newParameters algorithm and digits; {@link HotpParameters#DEFAULT} by default
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder parameters(HotpParameters newParameters) {
      this.parameters = Objects.requireNonNull(newParameters, "parameters");
      return this;
    }

    /**
     * Sets how many counters after the expected one are accepted.
     *
     * @param counters 0 to {@value #MAX_LOOK_AHEAD}; {@value #DEFAULT_LOOK_AHEAD} by default
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    @CanIgnoreReturnValue
    public Builder lookAhead(int counters) {
      if (counters < 0 || counters > MAX_LOOK_AHEAD) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT, "lookAhead must be 0 to %d but was %d", MAX_LOOK_AHEAD, counters));
      }
      this.lookAhead = counters;
      return this;
    }

    /**
     * Sets how many counters {@link HotpVerifier#resynchronize} searches for the first code.
     *
     * @param counters 1 to {@value #MAX_RESYNC_WINDOW}; {@value #DEFAULT_RESYNC_WINDOW} by default
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    @CanIgnoreReturnValue
    public Builder resyncWindow(int counters) {
      if (counters < 1 || counters > MAX_RESYNC_WINDOW) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "resyncWindow must be 1 to %d but was %d",
                MAX_RESYNC_WINDOW,
                counters));
      }
      this.resyncWindow = counters;
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
     * Sets the clock that times attempts for throttling.
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
     * Accepts secrets of 10 to 15 bytes (80 to 120 bits), below the RFC 4226 minimum of 128 bits,
     * for tokens imported from systems that issued them.
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
    public HotpVerifier build() {
      return new HotpVerifier(this);
    }
  }
}
