package io.github.otpkit.totp.examples.portal;

import io.github.otpkit.totp.auth.TwoFactorStatus;
import io.github.otpkit.totp.examples.portal.Session.Flash;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The portal's pages: plain, accessible HTML5 that reads well on a phone.
 *
 * <p>Every form carries the session's CSRF token in a hidden field named {@value #CSRF_FIELD};
 * every error is in an element with {@code role="alert"}; every field has a label. User input is
 * only ever inserted through {@link Html#format}, which escapes it.
 */
final class Pages {
  /** The name of the hidden CSRF field in every form. */
  static final String CSRF_FIELD = "csrf";

  static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  private Pages() {}

  /**
   * What every page needs: the session (for the navigation and the CSRF token) and the one-shot
   * message for this page.
   */
  record View(Session session, @Nullable Flash flash) {
    String value(String field) {
      Flash f = flash;
      if (f == null) {
        return "";
      }
      return f.values().getOrDefault(field, "");
    }
  }

  static Html home(View view) {
    Session.User user = view.session().signedInUser();
    Html intro =
        user == null
            ? Html.trusted(
                """
                <p class="lead">Keep your photos safe: sign in with your password and a code from \
                your phone.</p>
                <p><a class="button" href="/sign-up">Sign up</a> \
                <a class="button secondary" href="/sign-in">Sign in</a></p>
                """)
            : Html.format(
                """
                <p class="lead">Welcome back, {}.</p>
                """,
                user.username());
    List<Html> items = new ArrayList<>();
    for (Photos.Photo photo : Photos.all()) {
      items.add(
          Html.format(
              """
              <li><figure><img src="{}" alt="" width="320" height="200">\
              <figcaption>{}</figcaption></figure></li>
              """,
              Html.trusted(photo.dataUri()),
              photo.caption()));
    }
    Html body =
        Html.format(
            """
            <h1>Photo Portal</h1>
            {}
            <h2>Recent photos</h2>
            <ul class="photos">
            {}</ul>
            """,
            intro,
            Html.concat(items));
    return layout("Photos", view, body);
  }

  static Html signUp(View view) {
    Html body =
        Html.format(
            """
            <h1>Sign up</h1>
            <form class="card" method="post" action="/sign-up">
            {}
            <div class="field">
              <label for="username">Username</label>
              <input id="username" name="username" type="text" value="{}" required maxlength="32"
                     autocomplete="username" autocapitalize="none" spellcheck="false"
                     aria-describedby="username-hint">
              <p class="hint" id="username-hint">3 to 32 letters, digits, dots, hyphens or
              underscores.</p>
            </div>
            <div class="field">
              <label for="password">Password</label>
              <input id="password" name="password" type="password" required maxlength="128"
                     autocomplete="new-password" aria-describedby="password-hint">
              <p class="hint" id="password-hint">At least 8 characters. A long phrase is best.</p>
            </div>
            <div class="field">
              <label for="password_confirm">Repeat the password</label>
              <input id="password_confirm" name="password_confirm" type="password" maxlength="128"
                     autocomplete="new-password">
            </div>
            <button type="submit">Sign up</button>
            </form>
            <p>Already have an account? <a href="/sign-in">Sign in</a></p>
            """,
            csrfField(view.session()),
            view.value("username"));
    return layout("Sign up", view, body);
  }

  static Html signIn(View view) {
    Html body =
        Html.format(
            """
            <h1>Sign in</h1>
            <form class="card" method="post" action="/sign-in">
            {}
            <div class="field">
              <label for="username">Username</label>
              <input id="username" name="username" type="text" value="{}" required maxlength="32"
                     autocomplete="username" autocapitalize="none" spellcheck="false">
            </div>
            <div class="field">
              <label for="password">Password</label>
              <input id="password" name="password" type="password" required maxlength="128"
                     autocomplete="current-password">
            </div>
            <button type="submit">Sign in</button>
            </form>
            <p>New here? <a href="/sign-up">Sign up</a></p>
            """,
            csrfField(view.session()),
            view.value("username"));
    return layout("Sign in", view, body);
  }

  static Html account(View view, Session.User user, Instant memberSince, TwoFactorStatus status) {
    Html body =
        Html.format(
            """
            <h1>Your account</h1>
            <dl class="facts">
              <dt>Username</dt><dd id="account-username">{}</dd>
              <dt>Member since</dt><dd>{}</dd>
            </dl>
            <section aria-labelledby="security-heading">
              <h2 id="security-heading">Sign-in security</h2>
            {}</section>
            <section aria-labelledby="sessions-heading">
              <h2 id="sessions-heading">Password and devices</h2>
              <ul class="actions">
                <li><a href="/account/password">Change password</a></li>
              </ul>
              <form class="inline" method="post" action="/sign-out-everywhere">{}\
            <button type="submit" class="secondary">Sign out everywhere</button></form>
              <p class="hint">Signs your account out on every device, this one included. A new \
            password or a change to two-factor authentication signs out every other device by \
            itself.</p>
            </section>
            """,
            user.username(),
            DATE.format(memberSince),
            TwoFactorPages.accountSection(status),
            csrfField(view.session()));
    return layout("Your account", view, body);
  }

  /** A new password: the current one, the new one and, optionally, the new one again. */
  static Html changePassword(View view) {
    Html body =
        Html.format(
            """
            <h1>Change password</h1>
            <p class="lead">Every other device that is signed in to your account is signed out \
            when the password changes.</p>
            <form class="card" method="post" action="/account/password">
            {}
            <div class="field">
              <label for="password">Current password</label>
              <input id="password" name="password" type="password" required maxlength="128"
                     autocomplete="current-password">
            </div>
            <div class="field">
              <label for="new_password">New password</label>
              <input id="new_password" name="new_password" type="password" required maxlength="128"
                     autocomplete="new-password" aria-describedby="new-password-hint">
              <p class="hint" id="new-password-hint">At least 8 characters. A long phrase is \
            best.</p>
            </div>
            <div class="field">
              <label for="new_password_confirm">Repeat the new password</label>
              <input id="new_password_confirm" name="new_password_confirm" type="password"
                     maxlength="128" autocomplete="new-password">
            </div>
            <button type="submit">Change password</button>
            </form>
            <p><a href="/account">Back to your account</a></p>
            """,
            csrfField(view.session()));
    return layout("Change password", view, body);
  }

  /** A page for an HTTP error; never contains details of the failure. */
  static Html error(View view, String title, String message) {
    Html body =
        Html.format(
            """
            <h1>{}</h1>
            <p role="alert" class="error">{}</p>
            <p><a href="/">Back to the photos</a></p>
            """,
            title,
            message);
    return layout(title, view, body);
  }

  /** An error page for requests that have no session to show navigation for. */
  static Html bareError(String title, String message) {
    return Html.format(
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{} · Photo Portal</title>
        <link rel="stylesheet" href="/style.css">
        </head>
        <body>
        <main id="main">
        <h1>{}</h1>
        <p role="alert" class="error">{}</p>
        <p><a href="/">Back to the photos</a></p>
        </main>
        </body>
        </html>
        """,
        title,
        title,
        message);
  }

  static Html csrfField(Session session) {
    return Html.format(
        "<input type=\"hidden\" name=\"{}\" value=\"{}\">", CSRF_FIELD, session.csrfToken());
  }

  static Html layout(String title, View view, Html content) {
    Session session = view.session();
    Html nav =
        session.signedInUser() == null
            ? Html.trusted(
                """
                <a href="/sign-in">Sign in</a>
                <a href="/sign-up">Sign up</a>
                """)
            : Html.format(
                """
                <a href="/account">Account</a>
                <form class="inline" method="post" action="/sign-out">{}\
                <button type="submit" class="link">Sign out</button></form>
                """,
                csrfField(session));
    return Html.format(
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{} · Photo Portal</title>
        <link rel="stylesheet" href="/style.css">
        <script src="/app.js" defer></script>
        </head>
        <body>
        <a class="skip" href="#main">Skip to the content</a>
        <header class="site">
        <a class="brand" href="/">Photo Portal</a>
        <nav aria-label="Account">
        {}</nav>
        </header>
        <main id="main">
        {}{}</main>
        <footer class="site"><p>A demo of otpkit. The photos are generated placeholders.</p></footer>
        </body>
        </html>
        """,
        title,
        nav,
        messages(view.flash()),
        content);
  }

  private static Html messages(@Nullable Flash flash) {
    if (flash == null) {
      return Html.empty();
    }
    List<Html> parts = new ArrayList<>();
    String notice = flash.notice();
    if (notice != null) {
      parts.add(Html.format("<p class=\"notice\" role=\"status\">{}</p>\n", notice));
    }
    String error = flash.error();
    if (error != null) {
      parts.add(Html.format("<p class=\"error\" role=\"alert\" id=\"form-error\">{}</p>\n", error));
    }
    return Html.concat(parts);
  }

  /**
   * Form values to keep after an error: the username and the device choice, never a password, a
   * code, a recovery code or the CSRF token.
   */
  static Map<String, String> keptValues(Map<String, String> form) {
    return Map.of(
        "username", form.getOrDefault("username", ""), "device", form.getOrDefault("device", ""));
  }
}
