package io.github.otpkit.totp.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an invalid otpkit configuration into a start-up report without a stack trace. */
final class TotpConfigurationFailureAnalyzer
    extends AbstractFailureAnalyzer<InvalidTotpConfigurationException> {
  @Override
  protected FailureAnalysis analyze(
      Throwable rootFailure, InvalidTotpConfigurationException cause) {
    return new FailureAnalysis(cause.description(), cause.action(), cause);
  }
}
