package io.github.otpkit.totp.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.security.web.csrf.DefaultCsrfToken;

class TotpPagesTest {
  @Test
  void contentSecurityPolicy_allowsExactlyThePagesInlineStyle() throws Exception {
    String html = TotpPages.codePage("/login/totp", "/login/totp/recovery", "/logout", null, null);
    String style = html.substring(html.indexOf("<style>") + 7, html.indexOf("</style>"));
    String hash =
        Base64.getEncoder()
            .encodeToString(
                MessageDigest.getInstance("SHA-256")
                    .digest(style.getBytes(StandardCharsets.UTF_8)));

    assertThat(TotpPages.CONTENT_SECURITY_POLICY)
        .isEqualTo(
            "default-src 'none'; style-src 'sha256-"
                + hash
                + "'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    assertThat(html).doesNotContain("<script").doesNotContain(" style=");
  }

  @Test
  void everyValueIsEscaped() {
    String html =
        TotpPages.recoveryCodePage(
            "/app\"><script>/login/totp/recovery",
            "/app/login/totp",
            "/app/logout",
            new DefaultCsrfToken("X-CSRF", "_csrf", "tok\"en<"),
            "Bad <b>input</b> & \"quotes\"");

    assertThat(html)
        .contains("action=\"/app&quot;&gt;&lt;script&gt;/login/totp/recovery\"")
        .contains("value=\"tok&quot;en&lt;\"")
        .contains(
            "<p role=\"alert\" id=\"error\">Bad &lt;b&gt;input&lt;/b&gt; &amp;"
                + " &quot;quotes&quot;</p>")
        .doesNotContain("<script>");
  }

  @Test
  void codePage_csrfTokenInBothForms_errorAsAlert() {
    String html =
        TotpPages.codePage(
            "/login/totp",
            "/login/totp/recovery",
            "/logout",
            new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", "t0ken"),
            "This code is not correct.");

    assertThat(html.split("<input type=\"hidden\" name=\"_csrf\" value=\"t0ken\">", -1)).hasSize(3);
    assertThat(html)
        .startsWith("<!DOCTYPE html>\n<html lang=\"en\">")
        .contains("<p role=\"alert\" id=\"error\">This code is not correct.</p>")
        .contains("<form class=\"sign-out\" method=\"post\" action=\"/logout\">")
        .endsWith("</main>\n</body>\n</html>\n");
  }

  @Test
  void recoveryCodePage_csrfTokenInBothForms_errorAsAlert() {
    String html =
        TotpPages.recoveryCodePage(
            "/login/totp/recovery",
            "/login/totp",
            "/logout",
            new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", "t0ken"),
            "Used.");

    assertThat(html.split("<input type=\"hidden\" name=\"_csrf\" value=\"t0ken\">", -1)).hasSize(3);
    assertThat(html)
        .startsWith("<!DOCTYPE html>\n<html lang=\"en\">")
        .contains("<title>Use a recovery code</title>")
        .contains("<h1>Use a recovery code</h1>")
        .contains("<p role=\"alert\" id=\"error\">Used.</p>")
        .contains("aria-describedby=\"recovery-code-hint error\"")
        .contains("<form class=\"sign-out\" method=\"post\" action=\"/logout\">")
        .endsWith("</main>\n</body>\n</html>\n");
    assertThat(TotpPages.recoveryCodePage("/r", "/c", "/logout", null, null))
        .contains("aria-describedby=\"recovery-code-hint\">")
        .doesNotContain("role=\"alert\"");
  }

  @Test
  void withoutCsrf_noHiddenField_withoutError_noAlert() {
    String html = TotpPages.codePage("/login/totp", "/login/totp/recovery", "/logout", null, null);

    assertThat(html)
        .doesNotContain("type=\"hidden\"")
        .doesNotContain("role=\"alert\"")
        .contains("aria-describedby=\"code-hint\"");
  }

  @Test
  void withError_inputDescribedByTheAlert() {
    String html =
        TotpPages.codePage("/login/totp", "/login/totp/recovery", "/logout", null, "Wrong.");

    assertThat(html).contains("aria-describedby=\"code-hint error\"");
  }
}
