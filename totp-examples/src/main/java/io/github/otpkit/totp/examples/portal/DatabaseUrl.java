package io.github.otpkit.totp.examples.portal;

import io.github.otpkit.totp.jdbc.JdbcSchema.Dialect;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The JDBC URL of a shared database ({@code totp portal --database URL}): which database it names,
 * and the same URL with its passwords masked for log lines and messages.
 *
 * <p>Accepted: {@code jdbc:postgresql:}, {@code jdbc:mariadb:}, and {@code jdbc:mysql:}, which is
 * handed to the MariaDB driver as {@code jdbc:mariadb:} (MySQL 8 speaks the same protocol; the
 * MariaDB driver refuses the {@code mysql} scheme unless told otherwise). The embedded H2 database
 * is what the portal uses without {@code --database}, so {@code jdbc:h2:} is refused here.
 *
 * <p>Credentials may be in the URL ({@code user=...&password=...}); {@link #masked()} replaces the
 * value of every parameter whose name contains "password" (any case) and the password of a {@code
 * //user:password@host} part with {@code ***}. {@code toString()} is {@link #masked()}.
 *
 * <p>Immutable and thread-safe.
 */
final class DatabaseUrl {
  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile("(?i)([?&;][^=&;?]*password[^=&;?]*=)([^&;]*)");
  private static final Pattern USER_INFO = Pattern.compile("(//[^/:@?]*:)([^@/?]*)(@)");

  private final String url;
  private final Dialect dialect;

  private DatabaseUrl(String url, Dialect dialect) {
    this.url = url;
    this.dialect = dialect;
  }

  /**
   * Checks a URL given with {@code --database}.
   *
   * @param text the URL as typed
   * @return the URL, with {@code jdbc:mysql:} turned into {@code jdbc:mariadb:}
   * @throws IllegalArgumentException if it is not a PostgreSQL, MariaDB or MySQL JDBC URL; the
   *     message names at most the URL's scheme, never the rest
   */
  static DatabaseUrl parse(String text) {
    Objects.requireNonNull(text, "text");
    String url = text.strip();
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:postgresql:")) {
      return new DatabaseUrl(url, Dialect.POSTGRESQL);
    }
    if (lower.startsWith("jdbc:mariadb:")) {
      return new DatabaseUrl(url, Dialect.MARIADB);
    }
    if (lower.startsWith("jdbc:mysql:")) {
      return new DatabaseUrl(
          "jdbc:mariadb:" + url.substring("jdbc:mysql:".length()), Dialect.MARIADB);
    }
    String expected = "--database must be a jdbc:postgresql:, jdbc:mariadb: or jdbc:mysql: URL";
    if (lower.startsWith("jdbc:h2:")) {
      throw new IllegalArgumentException(
          expected + " (the embedded H2 database is the default: leave --database out)");
    }
    Matcher scheme = Pattern.compile("jdbc:[a-z0-9]{1,20}:").matcher(lower);
    throw new IllegalArgumentException(
        expected
            + (scheme.lookingAt()
                ? " but was a " + scheme.group() + " URL"
                : " (for example jdbc:postgresql://HOST:5432/DATABASE)"));
  }

  /** The URL for the driver; may contain a password: never log it, use {@link #masked()}. */
  String revealUrl() {
    return url;
  }

  /** The database's dialect, as the URL's scheme names it. */
  Dialect dialect() {
    return dialect;
  }

  /** The URL with every password replaced by {@code ***}. */
  String masked() {
    String masked = PASSWORD_PARAMETER.matcher(url).replaceAll("$1***");
    return USER_INFO.matcher(masked).replaceAll("$1***$3");
  }

  /**
   * Removes the URL's passwords, and any other given secret, from a text that a driver wrote (an
   * exception message may quote the URL or its properties).
   *
   * @param text the text
   * @param otherSecret one more value to remove, e.g. a password from the environment
   * @return the text with every such value replaced by {@code ***}
   */
  String scrub(String text, @Nullable String otherSecret) {
    List<String> secrets = new ArrayList<>(passwords());
    if (otherSecret != null) {
      secrets.add(otherSecret);
    }
    String result = text.replace(url, masked());
    for (String secret : secrets) {
      if (!secret.isEmpty()) {
        result = result.replace(secret, "***");
      }
    }
    return result;
  }

  private List<String> passwords() {
    List<String> values = new ArrayList<>();
    Matcher p = PASSWORD_PARAMETER.matcher(url);
    while (p.find()) {
      values.add(p.group(2));
    }
    Matcher u = USER_INFO.matcher(url);
    while (u.find()) {
      values.add(u.group(2));
    }
    return values;
  }

  /** The masked URL. */
  @Override
  public String toString() {
    return masked();
  }
}
