package io.github.otpkit.totp.spring.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.github.otpkit.totp.TotpGenerator;
import io.github.otpkit.totp.auth.Enrollment;
import io.github.otpkit.totp.auth.TwoFactorService;
import io.github.otpkit.totp.spring.Authenticator;
import io.github.otpkit.totp.spring.TestKeys;
import io.github.otpkit.totp.test.TestClock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The TOTP factor in a Spring Boot application with form login and the one configurer line, on the
 * JDBC store (embedded H2), through MockMvc: who is asked for a code, what a right, wrong, replayed
 * or throttled code does, recovery codes, CSRF, the new session id, the default pages, and the
 * session work after an enrollment change.
 */
@SpringBootTest(
    classes = FactorTestApplication.class,
    properties = {
      "otpkit.totp.issuer=Factor Test",
      "otpkit.totp.encryption.key-id=test",
      "otpkit.totp.encryption.key=" + TestKeys.KEY
    })
@AutoConfigureMockMvc
class TotpFactorConfigurerTest {
  private static final String PASSWORD = "a long enough pass phrase";
  private static final AtomicInteger USERS = new AtomicInteger();

  /** Where Spring Security's entry point sends a user who lacks the factor. */
  private static final String CODE_PAGE = "/login/totp?factor.type=totp&factor.reason=missing";

  @Autowired MockMvc mvc;
  @Autowired TwoFactorService service;
  @Autowired InMemoryUserDetailsManager users;
  @Autowired TestClock clock;

  private String user = "";

  @BeforeEach
  void newUser() {
    user = "user" + USERS.incrementAndGet();
    users.createUser(User.withUsername(user).password("{noop}" + PASSWORD).roles("USER").build());
    // Every test starts at the beginning of a fresh time step, well inside it.
    clock.advance(Duration.ofMinutes(5));
  }

  private MockHttpSession signIn() throws Exception {
    MvcResult result =
        mvc.perform(post("/login").param("username", user).param("password", PASSWORD).with(csrf()))
            .andExpect(status().is3xxRedirection())
            .andExpect(redirectedUrl("/"))
            .andReturn();
    return (MockHttpSession) Objects.requireNonNull(result.getRequest().getSession(false));
  }

  /** Two-factor authentication on; the clock moves to the next step, so the next code is new. */
  private Authenticator enable() {
    Authenticator phone = Authenticator.enable(service, user, clock);
    clock.advance(Duration.ofSeconds(30));
    return phone;
  }

  private static String wrong(String right) {
    return right.equals("000000") ? "111111" : "000000";
  }

  private MvcResult postCode(MockHttpSession session, String code) throws Exception {
    return mvc.perform(post("/login/totp").session(session).param("code", code).with(csrf()))
        .andReturn();
  }

  private String errorShown(MockHttpSession session, String page) throws Exception {
    String html =
        mvc.perform(get(page + "?error").session(session))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    int start = html.indexOf("<p role=\"alert\" id=\"error\">");
    assertThat(start).as("an alert on the page").isNotNegative();
    return html.substring(
        start + "<p role=\"alert\" id=\"error\">".length(), html.indexOf("</p>", start));
  }

  // ---- who is asked ---------------------------------------------------------------------------

  @Test
  void userWithoutTwoFactor_passwordAlone_reachesEverything() throws Exception {
    MockHttpSession session = signIn();

    mvc.perform(get("/account").session(session))
        .andExpect(status().isOk())
        .andExpect(content().string("account of " + user + " [FACTOR_PASSWORD, ROLE_USER]"));
    // Nothing to prove: the code page sends them on.
    mvc.perform(get("/login/totp").session(session)).andExpect(redirectedUrl("/"));
  }

  @Test
  void userWithoutTwoFactor_postingACode_getsNoFactor() throws Exception {
    MockHttpSession session = signIn();

    MvcResult result = postCode(session, "123456");

    assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/");
    mvc.perform(get("/account").session(session))
        .andExpect(content().string("account of " + user + " [FACTOR_PASSWORD, ROLE_USER]"));
  }

  @Test
  void userWithTwoFactor_afterThePassword_isSentToTheCodePage() throws Exception {
    enable();
    MockHttpSession session = signIn();

    mvc.perform(get("/account").session(session))
        .andExpect(status().is3xxRedirection())
        .andExpect(redirectedUrl(CODE_PAGE));
  }

  @Test
  void halfSignedIn_reachesNothingButTheSecondFactorPages() throws Exception {
    enable();
    MockHttpSession session = signIn();

    for (String path : new String[] {"/", "/account", "/public", "/nowhere"}) {
      mvc.perform(get(path).session(session))
          .andExpect(status().is3xxRedirection())
          .andExpect(redirectedUrl(CODE_PAGE));
    }
    mvc.perform(
            post("/account/two-factor/confirm").param("code", "1").session(session).with(csrf()))
        .andExpect(redirectedUrl(CODE_PAGE));
    mvc.perform(get("/login/totp").session(session)).andExpect(status().isOk());
    mvc.perform(get("/login/totp/recovery").session(session)).andExpect(status().isOk());
  }

  @Test
  void anonymous_secondFactorPagesAreTheApplicationsBusiness_loginPage() throws Exception {
    mvc.perform(get("/login/totp")).andExpect(redirectedUrl("/login"));
    mvc.perform(post("/login/totp").param("code", "123456").with(csrf()))
        .andExpect(redirectedUrl("/login"));
    mvc.perform(get("/public")).andExpect(status().isOk());
  }

  // ---- codes ----------------------------------------------------------------------------------

  @Test
  void rightCode_addsTheFactor_newSessionId_backToTheSavedRequest() throws Exception {
    Authenticator phone = enable();
    MockHttpSession session = signIn();
    mvc.perform(get("/account").session(session)).andExpect(redirectedUrl(CODE_PAGE));
    String idBefore = session.getId();

    MvcResult result = postCode(session, phone.code(clock));

    assertThat(result.getResponse().getRedirectedUrl())
        .isEqualTo("http://localhost/account?continue");
    assertThat(session.getId()).isNotEqualTo(idBefore);
    mvc.perform(get("/account").session(session))
        .andExpect(status().isOk())
        .andExpect(
            content().string("account of " + user + " [FACTOR_PASSWORD, FACTOR_TOTP, ROLE_USER]"));
    mvc.perform(get("/public").session(session)).andExpect(status().isOk());
    // Done: the code page sends them on.
    mvc.perform(get("/login/totp").session(session)).andExpect(redirectedUrl("/"));
  }

  @Test
  void codeWithSpaces_accepted() throws Exception {
    Authenticator phone = enable();
    MockHttpSession session = signIn();
    String code = phone.code(clock);

    MvcResult result = postCode(session, code.substring(0, 3) + " " + code.substring(3));

    assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/");
  }

  @Test
  void wrongCode_backToTheFormWithTheServicesMessage_stillHalfSignedIn() throws Exception {
    Authenticator phone = enable();
    MockHttpSession session = signIn();

    MvcResult result = postCode(session, wrong(phone.code(clock)));

    assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/login/totp?error");
    assertThat(errorShown(session, "/login/totp"))
        .isEqualTo("This code is not correct. Check it and try again.");
    // Shown once.
    assertThat(
            mvc.perform(get("/login/totp").session(session))
                .andReturn()
                .getResponse()
                .getContentAsString())
        .doesNotContain("role=\"alert\"");
    mvc.perform(get("/account").session(session)).andExpect(redirectedUrl(CODE_PAGE));
  }

  @Test
  void malformedCode_messageAsksForDigits() throws Exception {
    enable();
    MockHttpSession session = signIn();

    postCode(session, "12ab56");

    assertThat(errorShown(session, "/login/totp"))
        .isEqualTo("Enter the 6-digit code from your app.");
  }

  @Test
  void replayedCode_refusedInAnotherSession() throws Exception {
    Authenticator phone = enable();
    MockHttpSession first = signIn();
    MockHttpSession second = signIn();
    String code = phone.code(clock);
    assertThat(postCode(first, code).getResponse().getRedirectedUrl()).isEqualTo("/");

    MvcResult replay = postCode(second, code);

    assertThat(replay.getResponse().getRedirectedUrl()).isEqualTo("/login/totp?error");
    assertThat(errorShown(second, "/login/totp"))
        .isEqualTo("This code was already used. Wait for the next one.");
    mvc.perform(get("/account").session(second)).andExpect(redirectedUrl(CODE_PAGE));
  }

  @Test
  void throttled_evenTheRightCodeIsRefusedUntilTheDelayHasPassed() throws Exception {
    Authenticator phone = enable();
    MockHttpSession session = signIn();
    String right = phone.code(clock);
    for (int i = 0; i < 3; i++) {
      postCode(session, wrong(right));
    }

    postCode(session, right);

    assertThat(errorShown(session, "/login/totp"))
        .isEqualTo("Too many attempts: try again in 1 second.");
    clock.advance(Duration.ofSeconds(2));
    assertThat(postCode(session, right).getResponse().getRedirectedUrl()).isEqualTo("/");
  }

  @Test
  void recoveryCode_countsAsTheFactor_onceOnly() throws Exception {
    Authenticator phone = enable();
    MockHttpSession session = signIn();
    String idBefore = session.getId();
    String recoveryCode = phone.recoveryCodes().get(0);

    MvcResult result =
        mvc.perform(
                post("/login/totp/recovery")
                    .session(session)
                    .param("recovery_code", recoveryCode.toLowerCase(java.util.Locale.ROOT))
                    .with(csrf()))
            .andReturn();

    assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/");
    assertThat(session.getId()).isNotEqualTo(idBefore);
    mvc.perform(get("/account").session(session))
        .andExpect(
            content().string("account of " + user + " [FACTOR_PASSWORD, FACTOR_TOTP, ROLE_USER]"));

    MockHttpSession other = signIn();
    MvcResult again =
        mvc.perform(
                post("/login/totp/recovery")
                    .session(other)
                    .param("recovery_code", recoveryCode)
                    .with(csrf()))
            .andReturn();
    assertThat(again.getResponse().getRedirectedUrl()).isEqualTo("/login/totp/recovery?error");
    assertThat(errorShown(other, "/login/totp/recovery"))
        .isEqualTo("This recovery code was already used. Each code works once.");
  }

  @Test
  void wrongRecoveryCode_servicesMessage() throws Exception {
    enable();
    MockHttpSession session = signIn();

    mvc.perform(
        post("/login/totp/recovery")
            .session(session)
            .param("recovery_code", "AAAA-BBBB-CCCC-DDDD")
            .with(csrf()));

    assertThat(errorShown(session, "/login/totp/recovery"))
        .isEqualTo("This recovery code is not correct. Check it and try again.");
  }

  @Test
  void postWithoutCsrfToken_forbidden_andTheCodeIsNotSpent() throws Exception {
    Authenticator phone = enable();
    MockHttpSession session = signIn();
    String code = phone.code(clock);

    mvc.perform(post("/login/totp").session(session).param("code", code))
        .andExpect(status().isForbidden());
    mvc.perform(
            post("/login/totp").session(session).param("code", code).with(csrf().useInvalidToken()))
        .andExpect(status().isForbidden());

    assertThat(postCode(session, code).getResponse().getRedirectedUrl()).isEqualTo("/");
  }

  // ---- the default pages ----------------------------------------------------------------------

  @Test
  void codePage_plainAccessibleForm_noStore_strictPolicy() throws Exception {
    enable();
    MockHttpSession session = signIn();

    MvcResult page =
        mvc.perform(get("/login/totp").session(session))
            .andExpect(status().isOk())
            .andExpect(header().string("Cache-Control", "no-store"))
            .andExpect(
                header().string("Content-Security-Policy", TotpPages.CONTENT_SECURITY_POLICY))
            .andReturn();

    String html = page.getResponse().getContentAsString();
    assertThat(page.getResponse().getContentType()).isEqualTo("text/html;charset=UTF-8");
    assertThat(html)
        .contains("<html lang=\"en\">")
        .contains("<title>Enter your code</title>")
        .contains("<form method=\"post\" action=\"/login/totp\">")
        .contains("<label for=\"code\">Code</label>")
        .contains(
            "<input id=\"code\" name=\"code\" type=\"text\" inputmode=\"numeric\""
                + " autocomplete=\"one-time-code\"")
        .containsPattern("<input type=\"hidden\" name=\"_csrf\" value=\"[^\"]+\">")
        .contains("<button type=\"submit\">Verify</button>")
        .contains("<a href=\"/login/totp/recovery\">Use a recovery code</a>")
        .contains("<form class=\"sign-out\" method=\"post\" action=\"/logout\">")
        .doesNotContain("<script");
  }

  @Test
  void recoveryCodePage_plainAccessibleForm() throws Exception {
    enable();
    MockHttpSession session = signIn();

    String html =
        mvc.perform(get("/login/totp/recovery").session(session))
            .andExpect(status().isOk())
            .andExpect(header().string("Cache-Control", "no-store"))
            .andReturn()
            .getResponse()
            .getContentAsString();

    assertThat(html)
        .contains("<title>Use a recovery code</title>")
        .contains("<form method=\"post\" action=\"/login/totp/recovery\">")
        .contains("<input id=\"recovery-code\" name=\"recovery_code\" type=\"text\"")
        .contains("<a href=\"/login/totp\">Use your authenticator app instead</a>");
  }

  @Test
  void signOut_fromTheCodePage() throws Exception {
    enable();
    MockHttpSession session = signIn();

    mvc.perform(post("/logout").session(session).with(csrf()))
        .andExpect(redirectedUrl("/login?logout"));
    mvc.perform(get("/account").session(session)).andExpect(redirectedUrl("/login"));
  }

  // ---- after an enrollment change -------------------------------------------------------------

  @Test
  void afterFactorChange_currentSessionKeepsGoingWithTheFactor_otherSessionsEnd() throws Exception {
    MockHttpSession current = signIn();
    MockHttpSession other = signIn();
    mvc.perform(get("/account").session(other)).andExpect(status().isOk());
    Enrollment enrollment = service.startEnrollment(user, user).orElseThrow();
    TotpGenerator app =
        TotpGenerator.create(enrollment.uri().secret(), enrollment.uri().totpParameters());
    String idBefore = current.getId();

    mvc.perform(
            post("/account/two-factor/confirm")
                .session(current)
                .param("code", app.generate(clock.instant()))
                .with(csrf()))
        .andExpect(content().string("Two-factor authentication is on. Other sessions ended: 1"));

    assertThat(current.getId()).isNotEqualTo(idBefore);
    // The code just typed proved the factor: no second code in this session.
    mvc.perform(get("/account").session(current))
        .andExpect(status().isOk())
        .andExpect(
            content().string("account of " + user + " [FACTOR_PASSWORD, FACTOR_TOTP, ROLE_USER]"));
    // The other session is over.
    String otherPage =
        mvc.perform(get("/account").session(other)).andReturn().getResponse().getContentAsString();
    assertThat(otherPage).doesNotStartWith("account of").contains("expired");
  }
}
