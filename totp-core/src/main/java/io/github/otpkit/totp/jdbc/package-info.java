/**
 * JDBC storage for two-factor authentication: plain {@code java.sql} on a {@link
 * javax.sql.DataSource}, on H2, PostgreSQL, MariaDB and MySQL, with a shipped schema per dialect.
 *
 * <p>Create the tables with {@link io.github.otpkit.totp.jdbc.JdbcSchema#createIfAbsent} (or run
 * the script of {@link io.github.otpkit.totp.jdbc.JdbcSchema.Dialect#resource()} yourself), then
 * use {@link io.github.otpkit.totp.jdbc.JdbcStore}. Several nodes pointing at one database is the
 * supported way to scale out.
 */
@NullMarked
@CheckReturnValue
package io.github.otpkit.totp.jdbc;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
