package io.github.otpkit.totp.examples.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A minimal browser for in-process HTTP tests: keeps the session cookie, does not follow redirects
 * by itself, reads the CSRF token out of the last page.
 */
final class PortalClient {
  private static final Pattern COOKIE = Pattern.compile(PortalHandler.SESSION_COOKIE + "=([^;]*)");
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]*)\"");

  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final URI base;
  private @Nullable String sessionId;
  private String lastPage = "";

  PortalClient(URI base) {
    this.base = base;
  }

  @Nullable String sessionId() {
    return sessionId;
  }

  void setSessionId(@Nullable String id) {
    sessionId = id;
  }

  String lastPage() {
    return lastPage;
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(builder(path).GET().build());
  }

  HttpResponse<String> post(String path, Map<String, String> form)
      throws IOException, InterruptedException {
    return postRaw(path, encode(form), "application/x-www-form-urlencoded");
  }

  HttpResponse<String> postRaw(String path, String body, String contentType)
      throws IOException, InterruptedException {
    return send(
        builder(path)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    Optional<String> setCookie = response.headers().firstValue("Set-Cookie");
    if (setCookie.isPresent()) {
      Matcher m = COOKIE.matcher(setCookie.get());
      if (m.find()) {
        sessionId = m.group(1);
      }
    }
    if (!response.body().isEmpty()) {
      lastPage = response.body();
    }
    return response;
  }

  HttpRequest.Builder builder(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path));
    String id = sessionId;
    if (id != null) {
      b.header("Cookie", PortalHandler.SESSION_COOKIE + "=" + id);
    }
    return b;
  }

  /** Follows a 303 with a GET, as a browser does. */
  HttpResponse<String> follow(HttpResponse<String> redirect)
      throws IOException, InterruptedException {
    assertThat(redirect.statusCode()).as("redirect status").isEqualTo(303);
    String location = redirect.headers().firstValue("Location").orElseThrow();
    return get(location);
  }

  /** The CSRF token of the last page that had a form. */
  String csrf() {
    Matcher m = CSRF.matcher(lastPage);
    assertThat(m.find()).as("a CSRF field on the last page").isTrue();
    return m.group(1);
  }

  /** Opens a page and submits its form with the given fields and the page's CSRF token. */
  HttpResponse<String> submit(String path, Map<String, String> fields)
      throws IOException, InterruptedException {
    get(path);
    Map<String, String> form = new LinkedHashMap<>(fields);
    form.put("csrf", csrf());
    return post(path, form);
  }

  HttpResponse<String> signUp(String username, String password)
      throws IOException, InterruptedException {
    return submit("/sign-up", Map.of("username", username, "password", password));
  }

  HttpResponse<String> signIn(String username, String password)
      throws IOException, InterruptedException {
    return submit("/sign-in", Map.of("username", username, "password", password));
  }

  static String encode(Map<String, String> form) {
    return form.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
