package io.github.otpkit.totp.spring.security;

import io.github.otpkit.totp.auth.VerificationResult;
import java.io.Serial;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.AuthenticationException;

/**
 * A code or recovery code was refused at sign-in. Its {@link #getMessage()} is the end-user
 * sentence of the {@link VerificationResult} (for example {@code This code was already used. Wait
 * for the next one.}), which a page shows as it is; it never contains the code.
 *
 * <p>The failure handlers of {@link TotpFactorConfigurer} store it in the session under {@link
 * org.springframework.security.web.WebAttributes#AUTHENTICATION_EXCEPTION}, as form login does, so
 * that an application's own page can show it.
 */
public final class TotpAuthenticationException extends AuthenticationException {
  @Serial private static final long serialVersionUID = 1L;

  /** The message when the store or the key ring failed and nothing could be checked. */
  public static final String UNAVAILABLE_MESSAGE =
      "Your code could not be checked right now. Try again in a moment.";

  /** Why the code was refused, or {@code null} if nothing could be checked. */
  private final VerificationResult.@Nullable Kind kind;

  private TotpAuthenticationException(String message, VerificationResult.@Nullable Kind kind) {
    super(message);
    this.kind = kind;
  }

  /**
   * The refusal of a code or recovery code.
   *
   * @param result the service's result; not {@link VerificationResult.Accepted}
   * @return the exception, with the result's message
   * @throws IllegalArgumentException if the result is accepted
   */
  public static TotpAuthenticationException refused(VerificationResult result) {
    Objects.requireNonNull(result, "result");
    if (result.isAccepted()) {
      throw new IllegalArgumentException("an accepted result is not a refusal");
    }
    return new TotpAuthenticationException(result.message(), result.kind());
  }

  /**
   * Nothing could be checked: the store or the key ring failed (the sign-in fails closed).
   *
   * @return the exception, with {@value #UNAVAILABLE_MESSAGE}
   */
  public static TotpAuthenticationException unavailable() {
    return new TotpAuthenticationException(UNAVAILABLE_MESSAGE, null);
  }

  /**
   * Returns why the code was refused.
   *
   * @return the kind of the result, or empty if nothing could be checked
   */
  public Optional<VerificationResult.Kind> kind() {
    return Optional.ofNullable(kind);
  }
}
