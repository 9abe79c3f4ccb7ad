package io.github.otpkit.totp.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otpkit.totp.HotpGenerator;
import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.TotpGenerator;
import io.github.otpkit.totp.store.AccountState;
import io.github.otpkit.totp.store.InMemoryStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TotpVerifierConcurrencyTest {
  private static final int THREADS = 16;
  private static final OtpSecret SECRET =
      OtpSecret.fromBytes("otpkit-concurrency-t".getBytes(StandardCharsets.US_ASCII));
  private static final TotpGenerator GENERATOR = TotpGenerator.create(SECRET);
  private static final Instant START = Instant.parse("2026-05-01T10:00:10Z");

  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);
  private final CyclicBarrier barrier = new CyclicBarrier(THREADS);

  /** Held strongly: java.util.logging forgets the level of a logger that is collected. */
  private final Logger otpkitLogger = Logger.getLogger("io.github.otpkit.totp");

  private @Nullable Level previousLevel;

  @BeforeEach
  void silenceThousandsOfExpectedReplayWarnings() {
    previousLevel = otpkitLogger.getLevel();
    otpkitLogger.setLevel(Level.OFF);
  }

  @AfterEach
  void stopPool() throws InterruptedException {
    otpkitLogger.setLevel(previousLevel);
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  /** Runs one task per thread, all released at the same moment by the barrier. */
  private List<VerificationResult> race(List<TaskBody> bodies) throws Exception {
    List<Future<VerificationResult>> futures = new ArrayList<>();
    for (TaskBody body : bodies) {
      futures.add(
          pool.submit(
              () -> {
                barrier.await(10, TimeUnit.SECONDS);
                return body.run();
              }));
    }
    List<VerificationResult> results = new ArrayList<>();
    for (Future<VerificationResult> f : futures) {
      results.add(f.get(30, TimeUnit.SECONDS));
    }
    return results;
  }

  @FunctionalInterface
  private interface TaskBody {
    VerificationResult run();
  }

  private static Map<VerificationResult.Kind, Integer> count(List<VerificationResult> results) {
    Map<VerificationResult.Kind, Integer> counts = new EnumMap<>(VerificationResult.Kind.class);
    for (VerificationResult r : results) {
      counts.merge(r.kind(), 1, Integer::sum);
    }
    return counts;
  }

  @Test
  void verify_sixteenThreadsSameValidCode_exactlyOneAcceptedEveryRound() throws Exception {
    InMemoryStore store = InMemoryStore.create();
    TotpVerifier verifier =
        TotpVerifier.builder(store)
            .throttlePolicy(
                ThrottlePolicy.DEFAULT.withFreeFailures(ThrottlePolicy.MAX_FREE_FAILURES))
            .build();

    for (int round = 0; round < 500; round++) {
      Instant at = START.plus(Duration.ofSeconds(30L * round));
      long step = GENERATOR.stepAt(at);
      String code = GENERATOR.generateAtStep(step);
      List<TaskBody> bodies = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        bodies.add(() -> verifier.verify("alice", SECRET, code, at));
      }

      Map<VerificationResult.Kind, Integer> counts = count(race(bodies));

      assertThat(counts.get(VerificationResult.Kind.ACCEPTED)).as("round %d", round).isEqualTo(1);
      assertThat(counts.get(VerificationResult.Kind.ALREADY_USED))
          .as("round %d", round)
          .isEqualTo(THREADS - 1);
      assertThat(store.loadState("alice").lastUsedStep()).isEqualTo(step);
    }
  }

  @Test
  void verify_sixteenThreadsSameValidCodeDefaultPolicy_exactlyOneAccepted() throws Exception {
    InMemoryStore store = InMemoryStore.create();
    TotpVerifier verifier = TotpVerifier.builder(store).build();

    for (int round = 0; round < 100; round++) {
      Instant at = START.plus(Duration.ofSeconds(30L * round));
      String code = GENERATOR.generate(at);
      List<TaskBody> bodies = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        bodies.add(() -> verifier.verify("alice", SECRET, code, at));
      }

      List<VerificationResult> results = race(bodies);

      assertThat(count(results).get(VerificationResult.Kind.ACCEPTED))
          .as("round %d", round)
          .isEqualTo(1);
      assertThat(results)
          .allSatisfy(
              r ->
                  assertThat(r.kind())
                      .isIn(
                          VerificationResult.Kind.ACCEPTED,
                          VerificationResult.Kind.ALREADY_USED,
                          VerificationResult.Kind.THROTTLED));
    }
  }

  private static List<String> wrongCodes(Instant at) {
    long step = GENERATOR.stepAt(at);
    Set<String> window = new HashSet<>();
    for (long s = step - 1; s <= step + 1; s++) {
      window.add(GENERATOR.generateAtStep(s));
    }
    List<String> wrong = new ArrayList<>();
    for (int i = 0; wrong.size() < THREADS; i++) {
      String code = String.format(Locale.ROOT, "%06d", 100_000 + i * 37_171 % 900_000);
      if (!window.contains(code)) {
        wrong.add(code);
      }
    }
    return wrong;
  }

  @Test
  void verify_sixteenThreadsDifferentWrongCodes_everyFailureCountedExactly() throws Exception {
    ThrottlePolicy lenient =
        ThrottlePolicy.DEFAULT.withFreeFailures(ThrottlePolicy.MAX_FREE_FAILURES);
    for (int round = 0; round < 50; round++) {
      InMemoryStore store = InMemoryStore.create();
      TotpVerifier verifier = TotpVerifier.builder(store).throttlePolicy(lenient).build();
      assertThat(
              store.updateState(
                  AccountState.initial("alice"), new AccountState("alice", 1, 20, START, 0)))
          .isTrue();
      List<TaskBody> bodies = new ArrayList<>();
      for (String code : wrongCodes(START)) {
        bodies.add(() -> verifier.verify("alice", SECRET, code, START));
      }

      Map<VerificationResult.Kind, Integer> counts = count(race(bodies));

      assertThat(counts).containsExactly(Map.entry(VerificationResult.Kind.INVALID, THREADS));
      assertThat(store.loadState("alice").failures()).as("round %d", round).isEqualTo(20 + THREADS);
      assertThat(store.loadState("alice").lastUsedStep()).isEqualTo(1);
    }
  }

  @Test
  void verify_sixteenThreadsWrongCodesDefaultPolicy_parallelGuessesCannotSkipBackOff()
      throws Exception {
    for (int round = 0; round < 50; round++) {
      InMemoryStore store = InMemoryStore.create();
      TotpVerifier verifier = TotpVerifier.builder(store).build();
      List<TaskBody> bodies = new ArrayList<>();
      for (String code : wrongCodes(START)) {
        bodies.add(() -> verifier.verify("alice", SECRET, code, START));
      }

      Map<VerificationResult.Kind, Integer> counts = count(race(bodies));

      // Three free failures, then the back-off refuses every other attempt at the same instant.
      assertThat(counts)
          .as("round %d", round)
          .containsOnly(
              Map.entry(VerificationResult.Kind.INVALID, 3),
              Map.entry(VerificationResult.Kind.THROTTLED, THREADS - 3));
      assertThat(store.loadState("alice").failures()).isEqualTo(3);
    }
  }

  @Test
  void hotpVerify_sixteenThreadsSameCode_exactlyOneAcceptedAndCounterAdvancedOnce()
      throws Exception {
    InMemoryStore store = InMemoryStore.create();
    HotpVerifier verifier =
        HotpVerifier.builder(store)
            .throttlePolicy(
                ThrottlePolicy.DEFAULT.withFreeFailures(ThrottlePolicy.MAX_FREE_FAILURES))
            .build();
    HotpGenerator generator = HotpGenerator.create(SECRET);

    for (int round = 0; round < 200; round++) {
      String code = generator.generate(round);
      List<TaskBody> bodies = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        bodies.add(() -> verifier.verify("alice", SECRET, code, START));
      }

      Map<VerificationResult.Kind, Integer> counts = count(race(bodies));

      assertThat(counts)
          .as("round %d", round)
          .containsOnly(
              Map.entry(VerificationResult.Kind.ACCEPTED, 1),
              Map.entry(VerificationResult.Kind.ALREADY_USED, THREADS - 1));
      assertThat(store.loadState("alice").lastUsedStep()).isEqualTo(round);
    }
  }
}
