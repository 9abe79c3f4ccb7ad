package io.github.otpkit.totp.spring.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.github.otpkit.totp.auth.TwoFactorService;
import io.github.otpkit.totp.spring.Authenticator;
import io.github.otpkit.totp.test.TestClock;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The application's own code pages and URLs replace the defaults, on the in-memory store (this
 * context has no DataSource).
 */
@SpringBootTest(
    classes = CustomPagesTestApplication.class,
    properties = {
      "otpkit.totp.issuer=Custom Pages",
      "spring.autoconfigure.exclude="
          + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"
    })
@AutoConfigureMockMvc
class TotpFactorConfigurerCustomPagesTest {
  private static final String PASSWORD = "a long enough pass phrase";

  @Autowired MockMvc mvc;
  @Autowired TwoFactorService service;
  @Autowired InMemoryUserDetailsManager users;
  @Autowired TestClock clock;

  private MockHttpSession halfSignedIn(String user) throws Exception {
    users.createUser(User.withUsername(user).password("{noop}" + PASSWORD).roles("USER").build());
    return (MockHttpSession)
        Objects.requireNonNull(
            mvc.perform(
                    post("/login").param("username", user).param("password", PASSWORD).with(csrf()))
                .andReturn()
                .getRequest()
                .getSession(false));
  }

  @Test
  void customPages_servedByTheApplication_defaultsGone_permittedPathsReachable() throws Exception {
    Authenticator.enable(service, "carol", clock);
    MockHttpSession session = halfSignedIn("carol");

    mvc.perform(get("/home").session(session))
        .andExpect(redirectedUrl("/two-factor?factor.type=totp&factor.reason=missing"));
    mvc.perform(get("/two-factor").session(session)).andExpect(content().string("my code page"));
    mvc.perform(get("/two-factor/recovery").session(session))
        .andExpect(content().string("my recovery code page"));
    mvc.perform(get("/css/site.css").session(session)).andExpect(status().isOk());
    // The default page is not served: its URL is just another page that needs the factor.
    mvc.perform(get("/login/totp").session(session))
        .andExpect(redirectedUrl("/two-factor?factor.type=totp&factor.reason=missing"));
  }

  @Test
  void customProcessingUrl_wrongCodeBackToTheCustomPageWithTheMessage_rightCodeToTheSuccessUrl()
      throws Exception {
    Authenticator phone = Authenticator.enable(service, "dave", clock);
    clock.advance(Duration.ofSeconds(30));
    MockHttpSession session = halfSignedIn("dave");
    String right = phone.code(clock);

    mvc.perform(
            post("/two-factor/check")
                .session(session)
                .param("code", right.equals("000000") ? "111111" : "000000")
                .with(csrf()))
        .andExpect(redirectedUrl("/two-factor?error"));
    mvc.perform(get("/two-factor").session(session))
        .andExpect(
            content().string("my code page: This code is not correct. Check it and try again."));

    mvc.perform(post("/two-factor/check").session(session).param("code", right).with(csrf()))
        .andExpect(redirectedUrl("/home"));
    assertThat(
            mvc.perform(get("/home").session(session))
                .andReturn()
                .getResponse()
                .getContentAsString())
        .isEqualTo("home");
  }

  @Test
  void customRecoveryProcessingUrl_acceptsARecoveryCode() throws Exception {
    Authenticator phone = Authenticator.enable(service, "erin", clock);
    MockHttpSession session = halfSignedIn("erin");

    mvc.perform(
            post("/two-factor/recovery/check")
                .session(session)
                .param("recovery_code", phone.recoveryCodes().get(3))
                .with(csrf()))
        .andExpect(redirectedUrl("/home"));
    mvc.perform(get("/home").session(session)).andExpect(content().string("home"));
  }
}
