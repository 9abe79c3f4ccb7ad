/**
 * otpkit test kit: a virtual authenticator app that reads QR codes, a controllable clock, a JUnit
 * Jupiter extension that injects it and AssertJ assertions, for test suites that need one-time
 * codes.
 *
 * <p>{@code io.github.otpkit.totp.test} works on its own. {@code io.github.otpkit.totp.test.junit}
 * needs JUnit Jupiter and {@code io.github.otpkit.totp.test.assertj} needs AssertJ; both are
 * optional dependencies that the test suite brings.
 */
module io.github.otpkit.totp.test {
  requires transitive io.github.otpkit.totp;
  requires com.google.zxing;
  // ImageIO reads PNG, JPEG, GIF and BMP images; javax.xml parses SVG documents.
  requires java.desktop;
  requires java.xml;
  requires static org.junit.jupiter.api;
  requires static org.assertj.core;
  requires static org.jspecify;

  exports io.github.otpkit.totp.test;
  exports io.github.otpkit.totp.test.junit;
  exports io.github.otpkit.totp.test.assertj;
}
