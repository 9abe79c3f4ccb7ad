/**
 * JDBC storage for two-factor authentication: plain {@code java.sql} on a {@link
 * javax.sql.DataSource}, one shipped schema.
 *
 * <p>Create the tables with {@link io.github.otpkit.totp.jdbc.JdbcSchema#createIfAbsent} (or run
 * {@value io.github.otpkit.totp.jdbc.JdbcSchema#RESOURCE} yourself), then use {@link
 * io.github.otpkit.totp.jdbc.JdbcStore}. Several nodes pointing at one database is the supported
 * way to scale out.
 */
@NullMarked
@CheckReturnValue
package io.github.otpkit.totp.jdbc;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
