/**
 * otpkit core: RFC 4226 (HOTP) and RFC 6238 (TOTP) one-time passwords, Base32 secrets and otpauth
 * URIs, two-factor authentication with replay protection and throttling, secrets encrypted at rest,
 * recovery codes, and JDBC storage.
 *
 * <p>Only API packages are exported; {@code io.github.otpkit.totp.internal} is not.
 */
module io.github.otpkit.totp {
  requires static org.jspecify;
  requires static com.google.errorprone.annotations;
  requires org.apache.commons.codec;
  requires org.slf4j;
  requires transitive java.sql;

  exports io.github.otpkit.totp;
  exports io.github.otpkit.totp.auth;
  exports io.github.otpkit.totp.crypto;
  exports io.github.otpkit.totp.store;
  exports io.github.otpkit.totp.jdbc;
}
