package io.github.otpkit.totp.spring.security;

import org.springframework.security.core.Authentication;

/**
 * Tells which account of the {@link io.github.otpkit.totp.auth.TwoFactorService} belongs to a
 * signed-in user. By default the account id is the principal's name ({@link
 * Authentication#getName()}, the username of form login); an application whose usernames can change
 * (an e-mail address) maps them to a stable id, for example its user table's key. Publish one as a
 * bean to use it everywhere in the starter.
 */
@FunctionalInterface
public interface AccountIdResolver {
  /**
   * Returns the account id of an authenticated user.
   *
   * @param authentication the user's authentication (at least the first factor)
   * @return the account id: 1 to 255 characters, stable for the user's lifetime
   */
  String accountId(Authentication authentication);

  /**
   * The default: the principal's name.
   *
   * @return a resolver that returns {@link Authentication#getName()}
   */
  static AccountIdResolver principalName() {
    return Authentication::getName;
  }
}
