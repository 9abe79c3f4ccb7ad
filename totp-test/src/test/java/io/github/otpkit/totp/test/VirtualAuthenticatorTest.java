package io.github.otpkit.totp.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otpkit.totp.HmacAlgorithm;
import io.github.otpkit.totp.HotpGenerator;
import io.github.otpkit.totp.HotpParameters;
import io.github.otpkit.totp.InvalidUriException;
import io.github.otpkit.totp.OtpAuthUri;
import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.OtpType;
import io.github.otpkit.totp.TotpGenerator;
import io.github.otpkit.totp.TotpParameters;
import io.github.otpkit.totp.qr.QrRenderer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class VirtualAuthenticatorTest {
  static final String BASE32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
  static final OtpSecret SECRET = OtpSecret.fromBase32(BASE32);
  static final OtpAuthUri URI =
      OtpAuthUri.totp(SECRET, "Photo Portal", "alice@example.com").build();

  /** 10 seconds into step 59,000,000. */
  static final Instant START = Instant.ofEpochSecond(59_000_000L * 30 + 10);

  private final TotpGenerator reference = TotpGenerator.create(SECRET);
  private final TestClock clock = TestClock.at(START);

  @TempDir Path dir;

  @Test
  void currentCode_isTheCodeOfTheClocksStep() {
    VirtualAuthenticator phone = VirtualAuthenticator.fromUri(URI).withClock(clock);

    assertThat(phone.currentCode()).isEqualTo(reference.generate(START));
    assertThat(phone.lastStep()).isEqualTo(OptionalLong.of(59_000_000L));
    assertThat(clock.instant()).isEqualTo(START);
  }

  @Test
  void nextCode_first_isTheCurrentStepAndLeavesTheClock() {
    VirtualAuthenticator phone = VirtualAuthenticator.fromUri(URI).withClock(clock);

    assertThat(phone.timeUntilNextCode()).isZero();
    assertThat(phone.nextCode()).isEqualTo(reference.generateAtStep(59_000_000L));
    assertThat(clock.instant()).isEqualTo(START);
  }

  @Test
  void nextCode_again_movesTheTestClockToTheStartOfTheNextStep() {
    VirtualAuthenticator phone = VirtualAuthenticator.fromUri(URI).withClock(clock);
    phone.nextCode();

    assertThat(phone.timeUntilNextCode()).isEqualTo(Duration.ofSeconds(20));
    String second = phone.nextCode();
    String third = phone.nextCode();

    assertThat(second).isEqualTo(reference.generateAtStep(59_000_001L));
    assertThat(third).isEqualTo(reference.generateAtStep(59_000_002L));
    assertThat(clock.instant()).isEqualTo(reference.stepStart(59_000_002L));
    assertThat(phone.lastStep()).isEqualTo(OptionalLong.of(59_000_002L));
  }

  @Test
  void nextCode_afterCurrentCode_isALaterStep() {
    VirtualAuthenticator phone = VirtualAuthenticator.fromUri(URI).withClock(clock);

    String current = phone.currentCode();
    String next = phone.nextCode();

    assertThat(next).isEqualTo(reference.generateAtStep(59_000_001L)).isNotEqualTo(current);
  }

  @Test
  void nextCode_whenTheClockMovedOnItself_takesTheCurrentStepWithoutMovingIt() {
    VirtualAuthenticator phone = VirtualAuthenticator.fromUri(URI).withClock(clock);
    phone.nextCode();
    clock.advance(Duration.ofMinutes(5));
    Instant later = clock.instant();

    assertThat(phone.timeUntilNextCode()).isZero();
    assertThat(phone.nextCode()).isEqualTo(reference.generate(later));
    assertThat(clock.instant()).isEqualTo(later);
  }

  @Test
  void nextCode_onAZoneViewOfATestClock_movesTheSharedClock() {
    VirtualAuthenticator phone =
        VirtualAuthenticator.fromUri(URI).withClock(clock.withZone(ZoneOffset.ofHours(2)));
    phone.nextCode();
    phone.nextCode();

    assertThat(clock.instant()).isEqualTo(reference.stepStart(59_000_001L));
  }

  @Test
  void codeAtAndCodeAtStep_areNotRememberedAsHandedOut() {
    VirtualAuthenticator phone = VirtualAuthenticator.fromUri(URI).withClock(clock);

    assertThat(phone.codeAt(START.plusSeconds(3600)))
        .isEqualTo(reference.generate(START.plusSeconds(3600)));
    assertThat(phone.codeAtStep(1)).isEqualTo("287082");
    assertThat(phone.lastStep()).isEmpty();
    assertThat(phone.nextCode()).isEqualTo(reference.generate(START));
  }

  @Test
  void nextCode_concurrentCallers_neverGetTheSameStep() throws Exception {
    VirtualAuthenticator phone = VirtualAuthenticator.fromUri(URI).withClock(clock);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<String>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < 200; i++) {
        futures.add(pool.submit(phone::nextCode));
      }
      List<String> codes = new ArrayList<>();
      for (Future<String> f : futures) {
        codes.add(f.get(30, TimeUnit.SECONDS));
      }
      List<String> expected = new ArrayList<>();
      for (long step = 59_000_000L; step < 59_000_200L; step++) {
        expected.add(reference.generateAtStep(step));
      }
      // Each caller got a distinct step; together exactly the 200 steps from the start.
      Collections.sort(codes);
      Collections.sort(expected);
      assertThat(codes).isEqualTo(expected);
      assertThat(phone.lastStep()).isEqualTo(OptionalLong.of(59_000_199L));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @Timeout(20)
  void nextCode_onTheSystemClock_waitsForTheNextStep() {
    // A one-second period keeps the wait short; the clock is the real one.
    TotpParameters oneSecond = TotpParameters.DEFAULT.withPeriod(Duration.ofSeconds(1));
    VirtualAuthenticator phone = VirtualAuthenticator.totp(SECRET, oneSecond);
    TotpGenerator generator = TotpGenerator.create(SECRET, oneSecond);
    assertThat(phone.clock()).isEqualTo(Clock.systemUTC());

    phone.nextCode();
    long first = phone.lastStep().orElseThrow();
    Duration wait = phone.timeUntilNextCode();
    String second = phone.nextCode();

    assertThat(wait).isBetween(Duration.ZERO, Duration.ofSeconds(1));
    assertThat(phone.lastStep().orElseThrow()).isGreaterThan(first);
    assertThat(second).isEqualTo(generator.generateAtStep(phone.lastStep().orElseThrow()));
    assertThat(generator.currentStep()).isGreaterThanOrEqualTo(first + 1);
  }

  @Test
  @Timeout(20)
  void nextCode_onAClockThatStandsStill_failsInsteadOfWaitingForever() {
    VirtualAuthenticator phone =
        VirtualAuthenticator.fromUri(URI).withClock(Clock.fixed(START, ZoneOffset.UTC));
    phone.nextCode();

    assertThat(phone.timeUntilNextCode()).isEqualTo(Duration.ofSeconds(20));
    assertThatThrownBy(phone::nextCode)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "the clock stood still for 2 seconds while waiting for the next time step: use a"
                + " TestClock, which the authenticator moves itself");
  }

  @Test
  @Timeout(20)
  void nextCode_interrupted_stopsWaitingAndKeepsTheInterrupt() {
    VirtualAuthenticator phone =
        VirtualAuthenticator.fromUri(URI).withClock(Clock.fixed(START, ZoneOffset.UTC));
    phone.nextCode();
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(phone::nextCode)
          .isInstanceOf(java.util.concurrent.CancellationException.class)
          .hasMessage("interrupted while waiting for the next time step")
          .hasCauseInstanceOf(InterruptedException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void hotp_nextCode_countsUpFromTheUrisCounter() {
    OtpAuthUri hotpUri = OtpAuthUri.hotp(SECRET, "ACME", "bob", 7).build();
    HotpGenerator hotp = HotpGenerator.create(SECRET);
    VirtualAuthenticator token = VirtualAuthenticator.fromUri(hotpUri.revealUriString());

    assertThat(token.type()).isEqualTo(OtpType.HOTP);
    assertThat(token.lastStep()).isEmpty();
    assertThat(token.timeUntilNextCode()).isZero();
    assertThat(token.nextCode()).isEqualTo(hotp.generate(7)).isEqualTo("162583");
    assertThat(token.nextCode()).isEqualTo(hotp.generate(8));
    assertThat(token.lastStep()).isEqualTo(OptionalLong.of(8));
    assertThat(token.codeAtStep(0)).isEqualTo(hotp.generate(0));
    // A new clock is a new app on the same token: it starts again at the URI's counter.
    assertThat(token.withClock(clock).nextCode()).isEqualTo(hotp.generate(7));
  }

  @Test
  void hotp_fromSecret_startsAtTheGivenCounter() {
    VirtualAuthenticator token =
        VirtualAuthenticator.hotp(SECRET, new HotpParameters(HmacAlgorithm.SHA256, 8), 3);
    HotpGenerator hotp = HotpGenerator.create(SECRET, new HotpParameters(HmacAlgorithm.SHA256, 8));

    assertThat(token.nextCode()).isEqualTo(hotp.generate(3));
    assertThat(token.withClock(clock).nextCode()).isEqualTo(hotp.generate(3));
    assertThat(token.uri()).isEmpty();
    assertThat(token)
        .hasToString("VirtualAuthenticator[HOTP, SHA256, 8 digits, counter=3, secret redacted]");
    assertThatThrownBy(() -> VirtualAuthenticator.hotp(SECRET, HotpParameters.DEFAULT, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("counter must be 0 or more but was -1");
  }

  @Test
  void hotp_hasNoCurrentCodeAndNoCodeAtATime() {
    VirtualAuthenticator token = VirtualAuthenticator.hotp(SECRET, HotpParameters.DEFAULT, 0);

    assertThatThrownBy(token::currentCode)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "an HOTP authenticator has no current code: use nextCode() or codeAtStep(counter)");
    assertThatThrownBy(() -> token.codeAt(START))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "an HOTP authenticator has no codes at a time: use nextCode() or codeAtStep(counter)");
  }

  @Test
  void totp_fromManualKeyAndParameters_usesThem() {
    TotpParameters parameters =
        new TotpParameters(
            HmacAlgorithm.SHA512, 8, Duration.ofSeconds(60), Instant.ofEpochSecond(600));
    VirtualAuthenticator phone =
        VirtualAuthenticator.totp("gezd gnbv-gy3t qojq gezd gnbv gy3t qojq", parameters)
            .withClock(clock);

    assertThat(phone.currentCode())
        .isEqualTo(TotpGenerator.create(SECRET, parameters).generate(START))
        .hasSize(8);
    assertThat(phone.uri()).isEmpty();
    assertThat(phone)
        .hasToString("VirtualAuthenticator[TOTP, SHA512, 8 digits, 60 s, secret redacted]");
  }

  @Test
  void fromUri_keepsTheUriAndNeverShowsTheSecret() {
    VirtualAuthenticator phone = VirtualAuthenticator.fromUri(URI);

    assertThat(phone.uri()).containsSame(URI);
    assertThat(phone.type()).isEqualTo(OtpType.TOTP);
    assertThat(phone)
        .hasToString(
            "VirtualAuthenticator[TOTP, issuer=Photo Portal, account=alice@example.com, SHA1, 6"
                + " digits, 30 s, secret redacted]");
    assertThat(phone.toString()).doesNotContain(BASE32.substring(0, 8));
  }

  @Test
  void fromUri_invalidText_isTheParsersError() {
    assertThatThrownBy(() -> VirtualAuthenticator.fromUri("otpauth://totp/ACME:bob?digits=6"))
        .isInstanceOf(InvalidUriException.class)
        .hasMessage("parameter secret is missing");
  }

  @Test
  void scan_pngOfTheUri_readsItAsAnAppDoes() {
    byte[] png = QrRenderer.defaults().png(URI);

    VirtualAuthenticator phone = VirtualAuthenticator.scan(png).withClock(clock);

    assertThat(phone.uri().orElseThrow().account()).isEqualTo("alice@example.com");
    assertThat(phone.uri().orElseThrow().secret().sameKeyAs(SECRET)).isTrue();
    assertThat(phone.currentCode()).isEqualTo(reference.generate(START));
  }

  @Test
  void scan_fileAndDataUris() throws Exception {
    Path file =
        Files.write(
            dir.resolve("qr.svg"), QrRenderer.defaults().svg(URI).getBytes(StandardCharsets.UTF_8));

    assertThat(VirtualAuthenticator.scan(file).uri().orElseThrow().account())
        .isEqualTo("alice@example.com");
    assertThat(
            VirtualAuthenticator.scanDataUri(QrRenderer.defaults().pngDataUri(URI))
                .withClock(clock)
                .currentCode())
        .isEqualTo(reference.generate(START));
    assertThat(
            VirtualAuthenticator.scanDataUri(QrRenderer.defaults().svgDataUri(URI))
                .withClock(clock)
                .currentCode())
        .isEqualTo(reference.generate(START));
  }

  @Test
  void scan_qrCodeOfSomethingElse_saysSoWithoutTheText() {
    String secretLooking = "https://example.com/?token=" + BASE32;
    byte[] png = QrRenderer.defaults().png(secretLooking);

    assertThatThrownBy(() -> VirtualAuthenticator.scan(png))
        .isInstanceOf(InvalidUriException.class)
        .hasMessage("the QR code does not hold a valid otpauth URI: scheme must be otpauth://")
        .hasCauseInstanceOf(InvalidUriException.class)
        .message()
        .doesNotContain(BASE32.substring(0, 8));
  }

  @Test
  void scan_imageWithoutCode_isAScanError() {
    assertThatThrownBy(() -> VirtualAuthenticator.scan(new byte[] {1, 2, 3}))
        .isInstanceOf(QrScanException.class);
  }
}
