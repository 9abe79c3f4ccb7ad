/**
 * otpkit core: RFC 4226 (HOTP) and RFC 6238 (TOTP) one-time passwords, Base32 secrets and
 * otpauth URIs, verification with replay protection and throttling, secrets encrypted at rest,
 * recovery codes, and JDBC storage.
 *
 * <p>Only API packages are exported; {@code io.github.otpkit.totp.internal} is not.
 */
module io.github.otpkit.totp {
  requires static org.jspecify;
  requires org.apache.commons.codec;
  requires org.slf4j;
  requires transitive java.sql;

  exports io.github.otpkit.totp;
  exports io.github.otpkit.totp.verify;
  exports io.github.otpkit.totp.enrollment;
  exports io.github.otpkit.totp.jdbc;
}
