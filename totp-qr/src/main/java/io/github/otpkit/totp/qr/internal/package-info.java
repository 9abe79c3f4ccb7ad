/**
 * Implementation details of otpkit's QR rendering; not exported, not API, may change at any time.
 */
@NullMarked
package io.github.otpkit.totp.qr.internal;

import org.jspecify.annotations.NullMarked;
