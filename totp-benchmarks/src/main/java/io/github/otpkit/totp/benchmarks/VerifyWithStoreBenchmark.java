package io.github.otpkit.totp.benchmarks;

import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.auth.ThrottlePolicy;
import io.github.otpkit.totp.auth.TotpVerifier;
import io.github.otpkit.totp.auth.VerificationResult;
import io.github.otpkit.totp.store.InMemoryStore;
import java.time.Duration;
import java.time.Instant;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;

/**
 * otpkit's full {@link TotpVerifier#verify(String, OtpSecret, CharSequence, Instant)} with the
 * {@link InMemoryStore}: load the account's state, charge the attempt (compare-and-set), compute
 * and compare the three candidates, then mark the step used (compare-and-set) or count the failure.
 * Logging is off for the run (slf4j-nop) and there is no listener. Compare with {@code
 * VerifyBenchmark.otpkit}, the same check without the store.
 *
 * <p>A benchmark calls verify millions of times, but replay protection accepts each step of an
 * account once and throttling slows repeated failures down. The tricks that keep every call a full,
 * first-time verification:
 *
 * <ul>
 *   <li>{@code valid}: {@value #ACCOUNTS} accounts share the secret. Call {@code n} goes to account
 *       {@code n mod }{@value #ACCOUNTS} at time step {@code STEP + n / }{@value #ACCOUNTS}, with
 *       that step's code (precomputed for {@value #STEPS} steps), so each account sees strictly
 *       increasing steps and every call is accepted, never a replay. The store holds at most
 *       {@value #ACCOUNTS} accounts; after {@value #ACCOUNTS}{@code * }{@value #STEPS} calls (and
 *       at each iteration) it starts over with an empty store.
 *   <li>{@code wrong}: the same {@value #ACCOUNTS} accounts in turn, and a throttle policy whose
 *       delay (1 ns, no free failures, no lock-out) is never longer than the time between two
 *       attempts on an account, because each round of {@value #ACCOUNTS} calls is 1 ns later than
 *       the previous one (all within one time step): every wrong code is charged, computed and
 *       counted in full and none is refused as throttled. The failure counts simply grow.
 * </ul>
 *
 * <p>The attempt times are precomputed {@link Instant}s, like the fixed time of {@code
 * VerifyBenchmark}, so that neither case counts the harness's own allocations.
 */
public class VerifyWithStoreBenchmark extends AverageTimeBenchmark {
  static final int ACCOUNTS = 1024;
  static final int STEPS = 16_384;

  String[] accounts = new String[ACCOUNTS];
  String[] codes = new String[STEPS];
  Instant[] stepTimes = new Instant[STEPS];
  Instant[] wrongTimes = new Instant[STEPS];
  OtpSecret secret = OtpSecret.fromBase32(Fixtures.SECRET_BASE32);
  String wrong = Fixtures.wrongCode(Fixtures.STEP - 1, 3);

  InMemoryStore validStore = InMemoryStore.create();
  TotpVerifier validVerifier = TotpVerifier.builder(validStore).build();
  int calls;

  InMemoryStore wrongStore = InMemoryStore.create();
  TotpVerifier wrongVerifier = wrongVerifier(wrongStore);
  int wrongCalls;

  /** Precomputes the account ids, the codes of the steps and the attempt times. */
  @Setup(Level.Trial)
  public void setUpTrial() {
    Fixtures.compileDigestApart();
    for (int i = 0; i < ACCOUNTS; i++) {
      accounts[i] = "user-" + i + "@example.com";
    }
    for (int i = 0; i < STEPS; i++) {
      codes[i] = Fixtures.totpCode(Fixtures.STEP + i);
      // 15 s into each step, as in VerifyBenchmark.
      stepTimes[i] = Instant.ofEpochSecond((Fixtures.STEP + i) * 30 + 15);
      wrongTimes[i] = Fixtures.NOW.plusNanos(i);
    }
  }

  /** Starts every iteration with empty stores. */
  @Setup(Level.Iteration)
  public void setUpIteration() {
    restartValid();
    restartWrong();
  }

  private void restartWrong() {
    wrongStore = InMemoryStore.create();
    wrongVerifier = wrongVerifier(wrongStore);
    wrongCalls = 0;
  }

  private void restartValid() {
    validStore = InMemoryStore.create();
    validVerifier = TotpVerifier.builder(validStore).build();
    calls = 0;
  }

  private static TotpVerifier wrongVerifier(InMemoryStore store) {
    Duration nanosecond = Duration.ofNanos(1);
    return TotpVerifier.builder(store)
        .throttlePolicy(new ThrottlePolicy(0, nanosecond, nanosecond, ThrottlePolicy.NO_LOCKOUT))
        .build();
  }

  @Benchmark
  public VerificationResult valid() {
    if (calls == ACCOUNTS * STEPS) {
      restartValid();
    }
    int n = calls++;
    int round = n / ACCOUNTS;
    return validVerifier.verify(accounts[n % ACCOUNTS], secret, codes[round], stepTimes[round]);
  }

  @Benchmark
  public VerificationResult wrong() {
    if (wrongCalls == ACCOUNTS * STEPS) {
      restartWrong();
    }
    int n = wrongCalls++;
    return wrongVerifier.verify(accounts[n % ACCOUNTS], secret, wrong, wrongTimes[n / ACCOUNTS]);
  }
}
