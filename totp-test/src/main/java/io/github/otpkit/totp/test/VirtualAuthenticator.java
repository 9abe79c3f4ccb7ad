package io.github.otpkit.totp.test;

import io.github.otpkit.totp.HotpGenerator;
import io.github.otpkit.totp.HotpParameters;
import io.github.otpkit.totp.InvalidUriException;
import io.github.otpkit.totp.OtpAuthUri;
import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.OtpType;
import io.github.otpkit.totp.TotpGenerator;
import io.github.otpkit.totp.TotpParameters;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * An authenticator app for tests: it scans the QR code of an enrollment page (or takes an otpauth
 * URI or a secret) and hands out codes as a phone would, including the next code that the service
 * under test has not seen yet.
 *
 * <pre>{@code
 * TestClock clock = TestClock.create();                     // shared with the service under test
 * VirtualAuthenticator phone = VirtualAuthenticator.scanDataUri(imgSrc).withClock(clock);
 * service.confirmEnrollment(user, phone.nextCode());
 * service.verify(user, phone.nextCode());   // a later step: the clock moved on, nobody waited
 * }</pre>
 *
 * <h2>Which code</h2>
 *
 * <ul>
 *   <li>{@link #currentCode()}: the code the app shows now, for the clock's current time step.
 *   <li>{@link #nextCode()}: the code of the earliest time step that is not before the current one
 *       and later than every step this authenticator has handed out. A service with replay
 *       protection (RFC 6238 section 5.2) accepts only a step later than the last one it accepted,
 *       so this code is never refused as a replay of one of ours. If the current step was handed
 *       out already, the authenticator needs the next step: on a {@link TestClock} it moves the
 *       clock to the first instant of that step; on any other clock it waits until the step begins
 *       (at most one period; {@link #timeUntilNextCode()} says how long).
 *   <li>{@link #codeAt(Instant)} and {@link #codeAtStep(long)}: any code, for tests of windows and
 *       drift; they are not remembered as handed out.
 * </ul>
 *
 * <p>For HOTP (an {@code otpauth://hotp} URI), {@link #nextCode()} is the code at the counter,
 * which then goes up by one, as when the user taps the app; there is no current code.
 *
 * <p>URIs and QR codes are read with {@link OtpAuthUri#parse(String)}, which accepts what real apps
 * accept, and the codes follow the URI's algorithm, digits and period, as an app that honours them
 * does (check {@link OtpAuthUri#compatibility()} for the apps that do not).
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe. Calls that hand out codes are serialised, so two threads never get the same step
 * from {@link #nextCode()}; a call that waits for the next step holds up the others meanwhile.
 * {@link #toString()} shows the account, never the secret.
 */
public final class VirtualAuthenticator {
  /** How long the clock may stand still while {@link #nextCode()} waits before it gives up. */
  private static final Duration STANDSTILL_LIMIT = Duration.ofSeconds(2);

  private static final long MAX_SLICE_MILLIS = 100;

  private final OtpType type;
  private final @Nullable OtpAuthUri uri;
  private final @Nullable TotpGenerator totp;
  private final @Nullable HotpGenerator hotp;
  private final Clock clock;
  private final String description;

  /** Guards the handed-out state. */
  private final Object lock = new Object();

  /** The HOTP counter of the first code; -1 for TOTP. */
  private final long startCounter;

  /** The latest TOTP step or the next HOTP counter; for TOTP, -1 until a code is handed out. */
  private long position;

  private VirtualAuthenticator(
      OtpType type,
      @Nullable OtpAuthUri uri,
      @Nullable TotpGenerator totp,
      @Nullable HotpGenerator hotp,
      long startCounter,
      Clock clock,
      String description) {
    this.type = type;
    this.uri = uri;
    this.totp = totp;
    this.hotp = hotp;
    this.startCounter = startCounter;
    this.position = startCounter;
    this.clock = clock;
    this.description = description;
  }

  /**
   * Creates an authenticator for an otpauth URI, as if its QR code had been scanned.
   *
   * @param uri a totp or hotp URI
   * @return the authenticator, on the system clock
   */
  public static VirtualAuthenticator fromUri(OtpAuthUri uri) {
    Objects.requireNonNull(uri, "uri");
    String description = uri.toString().replaceFirst("^OtpAuthUri\\[", "VirtualAuthenticator[");
    if (uri.type() == OtpType.HOTP) {
      return new VirtualAuthenticator(
          OtpType.HOTP,
          uri,
          null,
          HotpGenerator.create(uri.secret(), uri.hotpParameters()),
          uri.counter(),
          Clock.systemUTC(),
          description);
    }
    return new VirtualAuthenticator(
        OtpType.TOTP,
        uri,
        TotpGenerator.create(uri.secret(), uri.totpParameters()),
        null,
        -1,
        Clock.systemUTC(),
        description);
  }

  /**
   * Creates an authenticator for the text of an otpauth URI, parsed as {@link
   * OtpAuthUri#parse(String)} does.
   *
   * @param uri the URI text
   * @return the authenticator, on the system clock
   * @throws InvalidUriException if the text is not a valid otpauth URI; the message never contains
   *     the URI
   */
  public static VirtualAuthenticator fromUri(String uri) {
    return fromUri(OtpAuthUri.parse(Objects.requireNonNull(uri, "uri")));
  }

  /**
   * Creates a TOTP authenticator for a secret typed in by hand ("Enter code manually").
   *
   * @param secret the secret
   * @param parameters algorithm, digits, period and T0
   * @return the authenticator, on the system clock
   */
  public static VirtualAuthenticator totp(OtpSecret secret, TotpParameters parameters) {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(parameters, "parameters");
    return new VirtualAuthenticator(
        OtpType.TOTP,
        null,
        TotpGenerator.create(secret, parameters),
        null,
        -1,
        Clock.systemUTC(),
        "VirtualAuthenticator[TOTP, "
            + parameters.algorithm()
            + ", "
            + parameters.digits()
            + " digits, "
            + parameters.periodSeconds()
            + " s, secret redacted]");
  }

  /**
   * Creates a TOTP authenticator for a Base32 secret typed in by hand, such as the manual key of an
   * enrollment page ({@code ABCD EFGH ...}: any case, spaces and hyphens are ignored).
   *
   * @param base32Secret the secret in Base32
   * @param parameters algorithm, digits, period and T0
   * @return the authenticator, on the system clock
   * @throws io.github.otpkit.totp.InvalidSecretException if the text is not a valid secret
   */
  public static VirtualAuthenticator totp(String base32Secret, TotpParameters parameters) {
    Objects.requireNonNull(base32Secret, "base32Secret");
    return totp(OtpSecret.fromBase32(base32Secret), parameters);
  }

  /**
   * Creates an HOTP authenticator.
   *
   * @param secret the secret
   * @param parameters algorithm and digits
   * @param counter the counter of the first code that {@link #nextCode()} hands out, 0 or more
   * @return the authenticator
   */
  public static VirtualAuthenticator hotp(
      OtpSecret secret, HotpParameters parameters, long counter) {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(parameters, "parameters");
    if (counter < 0) {
      throw new IllegalArgumentException("counter must be 0 or more but was " + counter);
    }
    return new VirtualAuthenticator(
        OtpType.HOTP,
        null,
        null,
        HotpGenerator.create(secret, parameters),
        counter,
        Clock.systemUTC(),
        "VirtualAuthenticator[HOTP, "
            + parameters.algorithm()
            + ", "
            + parameters.digits()
            + " digits, counter="
            + counter
            + ", secret redacted]");
  }

  /**
   * Scans the QR code of an image and reads its otpauth URI, as the camera of an app does.
   *
   * @param image the bytes of a PNG, JPEG, GIF, BMP or TIFF image, or of an SVG document
   * @return the authenticator, on the system clock
   * @throws QrScanException if there is no readable QR code
   * @throws InvalidUriException if the QR code does not hold a valid otpauth URI; the message never
   *     contains the QR code's text
   * @see QrScanner#read(byte[])
   */
  public static VirtualAuthenticator scan(byte[] image) {
    return fromScannedText(QrScanner.read(image));
  }

  /**
   * Scans the QR code of an image file.
   *
   * @param imageFile a PNG, JPEG, GIF, BMP or TIFF image, or an SVG document
   * @return the authenticator, on the system clock
   * @throws IOException if the file cannot be read
   * @throws QrScanException if there is no readable QR code
   * @throws InvalidUriException if the QR code does not hold a valid otpauth URI
   * @see QrScanner#read(Path)
   */
  public static VirtualAuthenticator scan(Path imageFile) throws IOException {
    return fromScannedText(QrScanner.read(imageFile));
  }

  /**
   * Scans the QR code of a {@code data:} URI, such as the {@code src} attribute of the QR code's
   * {@code <img>} on an enrollment page (PNG or SVG).
   *
   * @param dataUri the {@code data:} URI
   * @return the authenticator, on the system clock
   * @throws QrScanException if the URI holds no image with a readable QR code
   * @throws InvalidUriException if the QR code does not hold a valid otpauth URI
   * @see QrScanner#readDataUri(String)
   */
  public static VirtualAuthenticator scanDataUri(String dataUri) {
    return fromScannedText(QrScanner.readDataUri(dataUri));
  }

  private static VirtualAuthenticator fromScannedText(String text) {
    try {
      return fromUri(OtpAuthUri.parse(text));
    } catch (InvalidUriException e) {
      // The parser's message names the part that is wrong and never contains the text.
      throw new InvalidUriException(
          "the QR code does not hold a valid otpauth URI: " + e.getMessage(), e);
    }
  }

  /**
   * Returns an authenticator for the same account that reads another clock, and has handed out no
   * code yet (an HOTP one starts again at the counter this one started with).
   *
   * @param newClock the clock, usually the {@link TestClock} of the service under test
   * @return the new authenticator
   */
  public VirtualAuthenticator withClock(Clock newClock) {
    Objects.requireNonNull(newClock, "clock");
    return new VirtualAuthenticator(type, uri, totp, hotp, startCounter, newClock, description);
  }

  /**
   * Returns the clock that gives this authenticator its time.
   *
   * @return the clock; {@link Clock#systemUTC()} unless {@link #withClock(Clock)} set another
   */
  public Clock clock() {
    return clock;
  }

  /**
   * Returns whether this is a TOTP or an HOTP authenticator.
   *
   * @return the type
   */
  public OtpType type() {
    return type;
  }

  /**
   * Returns the otpauth URI that was scanned or given, with the account name and issuer that the
   * app would show.
   *
   * @return the URI, or empty if the authenticator was created from a secret
   */
  public Optional<OtpAuthUri> uri() {
    return Optional.ofNullable(uri);
  }

  /**
   * Returns the code that the app shows now, for the clock's current time step, and remembers that
   * step as handed out.
   *
   * @return the code
   * @throws IllegalStateException for HOTP, which has no current code (use {@link #nextCode()})
   */
  public String currentCode() {
    TotpGenerator generator = requireTotp("current code");
    synchronized (lock) {
      long step = generator.stepAt(clock.instant());
      position = Math.max(position, step);
      return generator.generateAtStep(step);
    }
  }

  /**
   * Returns a code that the service has not seen from this authenticator: for TOTP, the code of the
   * earliest step not before the current one and later than every step handed out, moving a {@link
   * TestClock} to that step or waiting for it on another clock; for HOTP, the code at the counter,
   * which then goes up by one.
   *
   * @return the code
   * @throws IllegalStateException if the clock is not a {@link TestClock} and stands still for more
   *     than 2 seconds while this method waits for the next step (a {@link Clock#fixed} clock, for
   *     example)
   * @throws java.util.concurrent.CancellationException if the thread is interrupted while it waits;
   *     the interrupt status is kept
   */
  public String nextCode() {
    synchronized (lock) {
      if (type == OtpType.HOTP) {
        HotpGenerator generator = Objects.requireNonNull(hotp);
        String code = generator.generate(position);
        position = Math.addExact(position, 1);
        return code;
      }
      TotpGenerator generator = Objects.requireNonNull(totp);
      long step = generator.stepAt(clock.instant());
      while (step <= position) {
        Instant target = generator.stepStart(position + 1);
        if (clock instanceof TestClock testClock) {
          testClock.advanceTo(target);
        } else {
          waitUntil(target);
        }
        step = generator.stepAt(clock.instant());
      }
      position = step;
      return generator.generateAtStep(step);
    }
  }

  /**
   * Returns how long {@link #nextCode()} would wait now on a clock that is not a {@link TestClock}
   * (or move a test clock forward): the time until the step after the last one handed out begins.
   *
   * @return zero if a fresh step is available now (always for HOTP), else the time until the next
   *     step begins, at most one period
   */
  public Duration timeUntilNextCode() {
    if (type == OtpType.HOTP) {
      return Duration.ZERO;
    }
    TotpGenerator generator = Objects.requireNonNull(totp);
    synchronized (lock) {
      Instant now = clock.instant();
      if (generator.stepAt(now) > position) {
        return Duration.ZERO;
      }
      return Duration.between(now, generator.stepStart(position + 1));
    }
  }

  /**
   * Returns the code at an instant, without remembering it as handed out.
   *
   * @param time the instant
   * @return the code of the time step that contains {@code time}
   * @throws IllegalStateException for HOTP
   * @throws IllegalArgumentException if the time is before T0
   */
  public String codeAt(Instant time) {
    Objects.requireNonNull(time, "time");
    return requireTotp("codes at a time").generate(time);
  }

  /**
   * Returns the code at a TOTP time step or HOTP counter, without remembering it as handed out.
   *
   * @param stepOrCounter the step or counter, 0 or more
   * @return the code
   * @throws IllegalArgumentException if {@code stepOrCounter} is negative
   */
  public String codeAtStep(long stepOrCounter) {
    if (type == OtpType.HOTP) {
      return Objects.requireNonNull(hotp).generate(stepOrCounter);
    }
    return Objects.requireNonNull(totp).generateAtStep(stepOrCounter);
  }

  /**
   * Returns the latest TOTP time step, or the latest HOTP counter, handed out by {@link
   * #currentCode()} or {@link #nextCode()}: what a service's accepted result should name.
   *
   * @return the step or counter, or empty if no code was handed out yet
   */
  public OptionalLong lastStep() {
    synchronized (lock) {
      if (type == OtpType.HOTP) {
        return position > startCounter ? OptionalLong.of(position - 1) : OptionalLong.empty();
      }
      return position < 0 ? OptionalLong.empty() : OptionalLong.of(position);
    }
  }

  private TotpGenerator requireTotp(String what) {
    if (totp == null) {
      throw new IllegalStateException(
          "an HOTP authenticator has no " + what + ": use nextCode() or codeAtStep(counter)");
    }
    return totp;
  }

  /** Sleeps until the clock reaches {@code target}; fails if the clock does not move. */
  private void waitUntil(Instant target) {
    Instant before = clock.instant();
    long stillSince = System.nanoTime();
    while (before.isBefore(target)) {
      long millis = Math.max(1, Math.min(MAX_SLICE_MILLIS, millisBetween(before, target)));
      try {
        TimeUnit.MILLISECONDS.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        java.util.concurrent.CancellationException cancelled =
            new java.util.concurrent.CancellationException(
                "interrupted while waiting for the next time step");
        cancelled.initCause(e);
        throw cancelled;
      }
      Instant now = clock.instant();
      if (now.equals(before)) {
        if (System.nanoTime() - stillSince > STANDSTILL_LIMIT.toNanos()) {
          throw new IllegalStateException(
              "the clock stood still for "
                  + STANDSTILL_LIMIT.toSeconds()
                  + " seconds while waiting for the next time step: use a TestClock, which the"
                  + " authenticator moves itself");
        }
      } else {
        stillSince = System.nanoTime();
      }
      before = now;
    }
  }

  /** Whole milliseconds from one instant to another, rounded up. */
  static long millisBetween(Instant from, Instant to) {
    Duration left = Duration.between(from, to);
    return left.toMillis() + (left.toNanosPart() % 1_000_000 == 0 ? 0 : 1);
  }

  /**
   * Returns a description without the secret and without the URI.
   *
   * @return e.g. {@code VirtualAuthenticator[TOTP, issuer=Photo Portal, account=alice, SHA1, 6
   *     digits, 30 s, secret redacted]}
   */
  @Override
  public String toString() {
    return description;
  }
}
