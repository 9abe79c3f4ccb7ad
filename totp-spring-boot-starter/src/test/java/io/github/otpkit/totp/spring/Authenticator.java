package io.github.otpkit.totp.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otpkit.totp.TotpGenerator;
import io.github.otpkit.totp.auth.Enrollment;
import io.github.otpkit.totp.auth.RecoveryCodes;
import io.github.otpkit.totp.auth.TwoFactorService;
import io.github.otpkit.totp.auth.VerificationResult;
import java.time.Clock;
import java.util.List;

/**
 * The phone of a test user: switches two-factor authentication on through the service, as an
 * enrollment page would, and computes codes as the authenticator app does.
 *
 * @param generator computes the app's codes
 * @param recoveryCodes the recovery codes issued at activation
 */
public record Authenticator(TotpGenerator generator, List<String> recoveryCodes) {
  /** Enables two-factor authentication for an account with the code of the current step. */
  public static Authenticator enable(TwoFactorService service, String accountId, Clock clock) {
    Enrollment enrollment = service.startEnrollment(accountId, accountId).orElseThrow();
    TotpGenerator app =
        TotpGenerator.create(enrollment.uri().secret(), enrollment.uri().totpParameters());
    VerificationResult result = service.confirmEnrollment(accountId, app.generate(clock.instant()));
    assertThat(result.isAccepted()).as(result.message()).isTrue();
    RecoveryCodes codes = ((VerificationResult.Accepted) result).newRecoveryCodes().orElseThrow();
    return new Authenticator(app, codes.revealCodes());
  }

  /** The code the app shows at the clock's time. */
  public String code(Clock clock) {
    return generator.generate(clock.instant());
  }
}
