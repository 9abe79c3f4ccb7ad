/**
 * JMH benchmarks of otpkit, a floor baseline and peer libraries, side by side in one run.
 *
 * <p>Not a library and not deployed. Run {@code totp-benchmarks/run.sh}; it writes {@code
 * docs/benchmarks.md}.
 */
@NullMarked
package io.github.otpkit.totp.benchmarks;

import org.jspecify.annotations.NullMarked;
