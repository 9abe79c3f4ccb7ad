/**
 * Spring Boot auto-configuration of otpkit: a {@link io.github.otpkit.totp.auth.TwoFactorService}
 * on the application's {@code DataSource} (or in memory without one), its encryption keys and
 * settings from the {@code otpkit.totp.*} properties ({@link
 * io.github.otpkit.totp.spring.TotpProperties}), a {@link io.github.otpkit.totp.qr.QrRenderer},
 * Micrometer counters and the beans of the Spring Security factor.
 */
@NullMarked
package io.github.otpkit.totp.spring;

import org.jspecify.annotations.NullMarked;
