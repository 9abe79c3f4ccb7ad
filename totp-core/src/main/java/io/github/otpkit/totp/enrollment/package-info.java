/**
 * What the enrollment lifecycle stores: secrets encrypted at rest, recovery codes kept only as
 * salted hashes, and the {@link io.github.otpkit.totp.enrollment.EnrollmentStore} SPI with an
 * in-memory implementation.
 *
 * <p>Start with {@link io.github.otpkit.totp.enrollment.SecretCipher} (AES-256-GCM with a key the
 * application supplies), {@link io.github.otpkit.totp.enrollment.RecoveryCodeHasher} and a store:
 * {@link io.github.otpkit.totp.enrollment.InMemoryEnrollmentStore} for tests and single nodes, or
 * {@code io.github.otpkit.totp.jdbc.JdbcEnrollmentStore} for a database shared by several nodes.
 */
@NullMarked
package io.github.otpkit.totp.enrollment;

import org.jspecify.annotations.NullMarked;
