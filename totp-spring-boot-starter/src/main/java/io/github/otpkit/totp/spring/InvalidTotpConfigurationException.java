package io.github.otpkit.totp.spring;

import java.io.Serial;

/**
 * A start-up failure caused by the {@code otpkit.totp.*} properties: what is wrong and what to do,
 * shown by {@link TotpConfigurationFailureAnalyzer} as Spring Boot's "APPLICATION FAILED TO START"
 * report. The message never contains a key.
 */
final class InvalidTotpConfigurationException extends IllegalStateException {
  @Serial private static final long serialVersionUID = 1L;

  private final String description;
  private final String action;

  InvalidTotpConfigurationException(String description, String action) {
    super(description + " " + action);
    this.description = description;
    this.action = action;
  }

  String description() {
    return description;
  }

  String action() {
    return action;
  }
}
