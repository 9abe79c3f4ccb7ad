/**
 * QR codes for authenticator enrollment, rendered locally: PNG, SVG, {@code data:} URIs and
 * terminal text.
 *
 * <p>Start with {@link io.github.otpkit.totp.qr.QrRenderer#defaults()} or {@link
 * io.github.otpkit.totp.qr.QrRenderer#of(QrOptions)}, and pass it the otpauth URI text. {@link
 * io.github.otpkit.totp.qr.QrCode} is the encoded module matrix for callers that draw it
 * themselves. Nothing here needs {@code java.desktop}: PNG files are written with {@code
 * java.util.zip}.
 *
 * <h2>Security considerations</h2>
 *
 * The image carries the secret. Render it locally, never cache it publicly, never send the URI to a
 * third-party service, and serve pages or images that contain it with {@code Cache-Control:
 * no-store}. See {@link io.github.otpkit.totp.qr.QrRenderer} for details.
 */
@NullMarked
@CheckReturnValue
package io.github.otpkit.totp.qr;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
