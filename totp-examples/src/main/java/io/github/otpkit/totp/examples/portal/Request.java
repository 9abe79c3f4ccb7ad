package io.github.otpkit.totp.examples.portal;

import com.sun.net.httpserver.HttpExchange;
import io.github.otpkit.totp.examples.portal.Session.Flash;
import java.io.IOException;
import java.util.Map;

/**
 * One request with its session, and the ways to answer it: a page, or a redirect
 * (POST-redirect-GET) with a one-shot message.
 *
 * <p>A GET from a browser without a session gets a {@link Session#visitor} session, which no store
 * keeps; {@link #keep()} swaps it for a real one (with a cookie) when the answer needs one: a form
 * (its CSRF token) or a message for the next page.
 *
 * <p>Not thread-safe: one per request.
 */
final class Request {
  final HttpExchange exchange;
  final String path;
  Session session;
  final Map<String, String> form;
  private final SessionStore sessions;

  Request(
      HttpExchange exchange,
      String path,
      Session session,
      Map<String, String> form,
      SessionStore sessions) {
    this.exchange = exchange;
    this.path = path;
    this.session = session;
    this.form = form;
    this.sessions = sessions;
  }

  /**
   * Makes sure that the browser has a session that the store keeps, creating an anonymous one (and
   * its cookie) for a visitor.
   *
   * @return the session
   */
  Session keep() {
    if (session.isVisitor()) {
      switchTo(sessions.createAnonymous());
    }
    return session;
  }

  /** A form field, empty if absent. */
  String field(String name) {
    return form.getOrDefault(name, "");
  }

  /** The session and this page's one-shot message, for rendering. */
  Pages.View view() {
    return new Pages.View(session, session.takeFlash(path));
  }

  void page(Html html) throws IOException {
    PortalHandler.send(
        exchange, 200, "text/html; charset=utf-8", PortalHandler.utf8(html.toString()));
  }

  /** Ends a POST (or a GET that is not allowed) with a redirect to a page. */
  void redirect(String location) throws IOException {
    exchange.getResponseHeaders().set("Location", location);
    PortalHandler.sendHeadersOnly(exchange, 303);
  }

  /** Redirects to a page that shows an error and the form's input again (never secrets). */
  void redirectWithError(String location, String error) throws IOException {
    keep().setFlash(Flash.error(location, error, Pages.keptValues(form)));
    redirect(location);
  }

  /** Redirects to a page that shows a status message. */
  void redirectWithNotice(String location, String notice) throws IOException {
    keep().setFlash(Flash.notice(location, notice));
    redirect(location);
  }

  /** Moves the browser to a new session, with a new id and CSRF token. */
  void switchTo(Session fresh) {
    session = fresh;
    PortalHandler.setSessionCookie(exchange, fresh);
  }
}
