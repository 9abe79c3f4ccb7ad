/**
 * A consumer of the published otpkit modules, as an application would be: it reads them through
 * their descriptors only. Its tests run on the module path and check that only the API packages are
 * exported.
 */
module io.github.otpkit.moduletest {
  requires io.github.otpkit.totp;
  requires io.github.otpkit.totp.qr;
  requires io.github.otpkit.totp.test;
  // Read by the tests to decode the rendered QR code and to check @NullMarked on every package;
  // the otpkit modules themselves need jspecify only at compile time.
  requires com.google.zxing;
  requires org.jspecify;
}
