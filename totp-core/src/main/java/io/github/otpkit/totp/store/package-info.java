/**
 * The storage SPI behind two-factor authentication: {@link
 * io.github.otpkit.totp.store.AccountStateStore} (replay protection and throttling state, one
 * compare-and-set) and {@link io.github.otpkit.totp.store.EnrollmentStore} (credentials and
 * recovery codes as well), the records they exchange, and {@link
 * io.github.otpkit.totp.store.InMemoryStore}.
 *
 * <p>Implement these interfaces only for a storage otpkit does not ship; {@code
 * io.github.otpkit.totp.jdbc.JdbcStore} covers SQL databases. Every implementation must pass the
 * same contract as the shipped ones: every write conditional, nothing half-written, failures
 * reported as {@link io.github.otpkit.totp.store.StateStoreException}.
 */
@NullMarked
@CheckReturnValue
package io.github.otpkit.totp.store;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
