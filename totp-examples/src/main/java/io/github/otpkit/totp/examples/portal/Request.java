package io.github.otpkit.totp.examples.portal;

import com.sun.net.httpserver.HttpExchange;
import io.github.otpkit.totp.examples.portal.Session.Flash;
import java.io.IOException;
import java.util.Map;

/**
 * One request with its session (created for a GET if the browser had none), and the ways to
 * answer it: a page, or a redirect (POST-redirect-GET) with a one-shot message.
 *
 * <p>Not thread-safe: one per request.
 */
final class Request {
  final HttpExchange exchange;
  final String path;
  Session session;
  final Map<String, String> form;

  Request(HttpExchange exchange, String path, Session session, Map<String, String> form) {
    this.exchange = exchange;
    this.path = path;
    this.session = session;
    this.form = form;
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
    PortalHandler.send(exchange, 200, "text/html; charset=utf-8", PortalHandler.utf8(html.toString()));
  }

  /** Ends a POST (or a GET that is not allowed) with a redirect to a page. */
  void redirect(String location) throws IOException {
    exchange.getResponseHeaders().set("Location", location);
    PortalHandler.sendHeadersOnly(exchange, 303);
  }

  /** Redirects to a page that shows an error and the form's input again (never secrets). */
  void redirectWithError(String location, String error) throws IOException {
    session.setFlash(Flash.error(location, error, Pages.keptValues(form)));
    redirect(location);
  }

  /** Redirects to a page that shows a status message. */
  void redirectWithNotice(String location, String notice) throws IOException {
    session.setFlash(Flash.notice(location, notice));
    redirect(location);
  }

  /** Moves the browser to a new session, with a new id and CSRF token. */
  void switchTo(Session fresh) {
    session = fresh;
    PortalHandler.setSessionCookie(exchange, fresh);
  }
}
