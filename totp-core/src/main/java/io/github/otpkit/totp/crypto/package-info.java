/**
 * Secrets at rest: {@link io.github.otpkit.totp.crypto.SecretCipher} encrypts each account's secret
 * with AES-256-GCM under an application's {@link io.github.otpkit.totp.crypto.EncryptionKey}, bound
 * to the account id, into a versioned {@link io.github.otpkit.totp.crypto.EncryptedSecret} that
 * names its key (for rotation).
 */
@NullMarked
@CheckReturnValue
package io.github.otpkit.totp.crypto;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
