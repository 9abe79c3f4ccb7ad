/**
 * JDBC storage for verification state and enrollments: plain {@code java.sql} on a {@link
 * javax.sql.DataSource}, one shipped schema, portable between H2 and PostgreSQL.
 *
 * <p>Create the tables with {@link io.github.otpkit.totp.jdbc.JdbcSchema#createIfAbsent} (or run
 * {@value io.github.otpkit.totp.jdbc.JdbcSchema#RESOURCE} yourself), then use {@link
 * io.github.otpkit.totp.jdbc.JdbcEnrollmentStore} and its {@link
 * io.github.otpkit.totp.jdbc.JdbcEnrollmentStore#accountStates()}. Several nodes pointing at one
 * database is the supported way to scale out.
 */
@NullMarked
package io.github.otpkit.totp.jdbc;

import org.jspecify.annotations.NullMarked;
