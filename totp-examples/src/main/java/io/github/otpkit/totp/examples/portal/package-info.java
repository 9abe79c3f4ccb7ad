/**
 * The Photo Portal demo: a small web application on the JDK's HTTP server with an embedded H2
 * database, where people sign up, sign in and (in a later step) turn on two-factor authentication.
 */
@NullMarked
package io.github.otpkit.totp.examples.portal;

import org.jspecify.annotations.NullMarked;
