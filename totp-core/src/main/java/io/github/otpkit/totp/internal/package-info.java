/** Implementation details of otpkit; not exported, not API, may change at any time. */
@NullMarked
package io.github.otpkit.totp.internal;

import org.jspecify.annotations.NullMarked;
