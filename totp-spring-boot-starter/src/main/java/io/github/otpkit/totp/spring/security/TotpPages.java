package io.github.otpkit.totp.spring.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.util.HtmlUtils;

/**
 * The default second-factor pages: plain HTML, one form each, no script, one inline style allowed
 * by its hash in a strict Content-Security-Policy. Every value that comes from the request or the
 * configuration is escaped.
 */
final class TotpPages {
  /** The form field of a code, as the Photo Portal names it. */
  static final String CODE_PARAMETER = "code";

  /** The form field of a recovery code. */
  static final String RECOVERY_CODE_PARAMETER = "recovery_code";

  static final String CODE_TITLE = "Enter your code";
  static final String RECOVERY_CODE_TITLE = "Use a recovery code";

  private static final String STYLE =
      "body{font-family:system-ui,sans-serif;line-height:1.5;margin:0;padding:1rem;color:#111;"
          + "background:#fff}main{max-width:26rem;margin:2rem auto}"
          + "label{display:block;font-weight:600;margin-top:1rem}"
          + "input{font-size:1.25rem;padding:.5rem;width:100%;box-sizing:border-box;"
          + "border:1px solid #555;border-radius:4px}"
          + "button{font-size:1rem;padding:.6rem 1.2rem;margin-top:1rem;border:1px solid #0b57d0;"
          + "border-radius:4px;background:#0b57d0;color:#fff;cursor:pointer}"
          + "form.sign-out button{background:#fff;color:#0b57d0}"
          + "[role=alert]{border-left:4px solid #b3261e;padding:.5rem .75rem;background:#fce8e6}"
          + ".hint{color:#444}a{color:#0b57d0}";

  /**
   * The policy of every default page: nothing loads, forms post only to this site, no framing. The
   * one inline style is allowed by its hash.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; style-src '"
          + sha256(STYLE)
          + "'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  private TotpPages() {}

  /** The page that asks for the code of the authenticator app. */
  static String codePage(
      String processingUrl,
      String recoveryCodePageUrl,
      String logoutUrl,
      @Nullable CsrfToken csrf,
      @Nullable String error) {
    StringBuilder html = new StringBuilder(2048);
    start(html, CODE_TITLE);
    html.append("<p class=\"hint\" id=\"code-hint\">Open your authenticator app and enter the")
        .append(" code it shows for this site.</p>\n");
    alert(html, error);
    html.append("<form method=\"post\" action=\"")
        .append(escape(processingUrl))
        .append("\">\n")
        .append("<label for=\"code\">Code</label>\n")
        .append("<input id=\"code\" name=\"")
        .append(CODE_PARAMETER)
        .append("\" type=\"text\" inputmode=\"numeric\" autocomplete=\"one-time-code\"")
        .append(" pattern=\"[0-9 ]*\" maxlength=\"12\" required autofocus")
        .append(" aria-describedby=\"")
        .append(error == null ? "code-hint" : "code-hint error")
        .append("\">\n");
    csrf(html, csrf);
    html.append("<button type=\"submit\">Verify</button>\n</form>\n")
        .append("<p><a href=\"")
        .append(escape(recoveryCodePageUrl))
        .append("\">Use a recovery code</a></p>\n");
    end(html, logoutUrl, csrf);
    return html.toString();
  }

  /** The page that asks for one of the user's recovery codes. */
  static String recoveryCodePage(
      String processingUrl,
      String codePageUrl,
      String logoutUrl,
      @Nullable CsrfToken csrf,
      @Nullable String error) {
    StringBuilder html = new StringBuilder(2048);
    start(html, RECOVERY_CODE_TITLE);
    html.append("<p class=\"hint\" id=\"recovery-code-hint\">Lost your phone? Enter one of the")
        .append(" recovery codes you saved when you turned on two-factor authentication, like")
        .append(" XXXX-XXXX-XXXX-XXXX. Each code works once.</p>\n");
    alert(html, error);
    html.append("<form method=\"post\" action=\"")
        .append(escape(processingUrl))
        .append("\">\n")
        .append("<label for=\"recovery-code\">Recovery code</label>\n")
        .append("<input id=\"recovery-code\" name=\"")
        .append(RECOVERY_CODE_PARAMETER)
        .append("\" type=\"text\" autocomplete=\"off\" autocapitalize=\"characters\"")
        .append(" spellcheck=\"false\" maxlength=\"40\" required autofocus")
        .append(" aria-describedby=\"")
        .append(error == null ? "recovery-code-hint" : "recovery-code-hint error")
        .append("\">\n");
    csrf(html, csrf);
    html.append("<button type=\"submit\">Verify</button>\n</form>\n")
        .append("<p><a href=\"")
        .append(escape(codePageUrl))
        .append("\">Use your authenticator app instead</a></p>\n");
    end(html, logoutUrl, csrf);
    return html.toString();
  }

  private static void start(StringBuilder html, String title) {
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>")
        .append(title)
        .append("</title>\n<style>")
        .append(STYLE)
        .append("</style>\n</head>\n<body>\n<main>\n<h1>")
        .append(title)
        .append("</h1>\n");
  }

  private static void alert(StringBuilder html, @Nullable String error) {
    if (error != null) {
      html.append("<p role=\"alert\" id=\"error\">").append(escape(error)).append("</p>\n");
    }
  }

  private static void csrf(StringBuilder html, @Nullable CsrfToken csrf) {
    if (csrf != null) {
      html.append("<input type=\"hidden\" name=\"")
          .append(escape(csrf.getParameterName()))
          .append("\" value=\"")
          .append(escape(csrf.getToken()))
          .append("\">\n");
    }
  }

  private static void end(StringBuilder html, String logoutUrl, @Nullable CsrfToken csrf) {
    html.append("<form class=\"sign-out\" method=\"post\" action=\"")
        .append(escape(logoutUrl))
        .append("\">\n");
    csrf(html, csrf);
    html.append("<button type=\"submit\">Sign out</button>\n</form>\n</main>\n</body>\n</html>\n");
  }

  private static String escape(String text) {
    return HtmlUtils.htmlEscape(text, StandardCharsets.UTF_8.name());
  }

  private static String sha256(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
