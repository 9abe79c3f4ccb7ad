/**
 * The {@code totp} command-line tool: picocli commands, their shared options and the error handling
 * that turns every kind of bad input into exit status 2 and one {@code error: } line.
 */
@NullMarked
package io.github.otpkit.totp.examples.cli;

import org.jspecify.annotations.NullMarked;
