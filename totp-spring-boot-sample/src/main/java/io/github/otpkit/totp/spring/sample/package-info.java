/**
 * The Photo Portal on Spring Boot with totp-spring-boot-starter: form login, the TOTP factor for
 * users who turned it on, and the pages that turn it on and off.
 */
@NullMarked
package io.github.otpkit.totp.spring.sample;

import org.jspecify.annotations.NullMarked;
