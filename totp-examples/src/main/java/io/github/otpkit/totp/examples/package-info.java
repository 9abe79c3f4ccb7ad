/**
 * The runnable examples of otpkit: the {@code totp} command-line tool and the Photo Portal demo,
 * packaged together as {@code totp.jar}.
 */
@NullMarked
package io.github.otpkit.totp.examples;

import org.jspecify.annotations.NullMarked;
