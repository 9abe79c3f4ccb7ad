/**
 * otpkit QR codes: encodes an otpauth URI (or any text) into a QR code and renders it locally as
 * PNG, SVG, {@code data:} URI or terminal text, without {@code java.desktop}.
 *
 * <p>Only {@code io.github.otpkit.totp.qr} is exported; {@code io.github.otpkit.totp.qr.internal}
 * is not.
 */
module io.github.otpkit.totp.qr {
  requires transitive io.github.otpkit.totp;
  requires com.google.zxing;
  requires static org.jspecify;
  requires static com.google.errorprone.annotations;

  exports io.github.otpkit.totp.qr;
}
