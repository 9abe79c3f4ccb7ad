package io.github.otpkit.totp.spring.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.github.otpkit.totp.auth.TwoFactorService;
import io.github.otpkit.totp.test.TestClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The sample's enrollment controller through MockMvc (runs without a browser): the password again
 * before every change, the session work after every change (other sessions end, this one keeps
 * going with the factor under a new id), the proof of the current factor, CSRF, and the headers of
 * the pages that show a secret.
 */
@SpringBootTest(
    properties = {
      "spring.datasource.url=jdbc:h2:mem:sample-controller;DB_CLOSE_DELAY=-1",
      "otpkit.totp.encryption.key-id=test",
      "otpkit.totp.encryption.key=QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWY=",
      "portal.demo-user=false"
    })
@AutoConfigureMockMvc
@Import(TwoFactorControllerTest.ClockConfiguration.class)
class TwoFactorControllerTest {
  private static final AtomicInteger USERS = new AtomicInteger();

  @TestConfiguration(proxyBeanMethods = false)
  static class ClockConfiguration {
    @Bean
    TestClock clock() {
      return TestClock.at(Instant.parse("2026-03-01T10:00:05Z"));
    }
  }

  @Autowired MockMvc mvc;
  @Autowired TestClock clock;
  @Autowired TwoFactorService service;

  private PortalClient user = new PortalClient(mvc, "", "");

  @BeforeEach
  void signUp() throws Exception {
    user = new PortalClient(mvc, "user" + USERS.incrementAndGet(), "a long enough pass phrase");
    user.signUp();
    clock.advance(Duration.ofMinutes(5));
  }

  private String next(PortalClient.Phone phone) {
    clock.advance(Duration.ofSeconds(30));
    return phone.code(clock);
  }

  @Test
  void enable_wrongPassword_nothingStarted() throws Exception {
    MockHttpSession session = user.signIn();

    MvcResult result = user.post(session, "/account/two-factor/enable", "password", "wrong one");

    assertThat(result.getResponse().getContentAsString())
        .contains("<p role=\"alert\">The password is not correct.</p>");
    assertThat(service.status(user.username).enrollmentPending()).isFalse();
    assertThat(user.get(session, "/account/two-factor/setup").getResponse().getRedirectedUrl())
        .isEqualTo("/account");
  }

  @Test
  void enable_setupPageKeepsTheSecretOutOfCaches() throws Exception {
    MockHttpSession session = user.signIn();
    user.post(session, "/account/two-factor/enable", "password", user.password);

    MvcResult setup = user.get(session, "/account/two-factor/setup");

    assertThat(setup.getResponse().getHeader("Cache-Control")).contains("no-store");
    assertThat(setup.getResponse().getHeader("Content-Security-Policy"))
        .isEqualTo(
            "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self';"
                + " frame-ancestors 'none'; base-uri 'none'");
    assertThat(setup.getResponse().getContentAsString())
        .contains("<img class=\"qr-code\" alt=\"QR code\" src=\"data:image/png;base64,");
  }

  @Test
  void enable_otherSessionsEnd_thisOneGoesOnWithTheFactorUnderANewId() throws Exception {
    MockHttpSession other = user.signIn();
    MockHttpSession current = user.signIn();
    String before = current.getId();

    PortalClient.Phone phone = user.enable(current, clock);

    assertThat(phone.recoveryCodes()).hasSize(10);
    assertThat(current.getId()).isNotEqualTo(before);
    assertThat(user.page(current, "/account")).contains("Two-factor authentication is on");
    assertThat(user.get(other, "/account").getResponse().getContentAsString())
        .contains("This session has been expired");
    // A new sign-in asks for the code.
    assertThat(user.get(user.signIn(), "/account").getResponse().getRedirectedUrl())
        .startsWith("/login/totp");
  }

  @Test
  void disable_needsThePasswordAndTheFactor() throws Exception {
    MockHttpSession session = user.signIn();
    PortalClient.Phone phone = user.enable(session, clock);

    String wrongPassword =
        user.post(session, "/account/two-factor/disable", "password", "nope", "code", next(phone))
            .getResponse()
            .getContentAsString();
    assertThat(wrongPassword).contains("The password is not correct.");
    String wrongCode =
        user.post(
                session,
                "/account/two-factor/disable",
                "password",
                user.password,
                "code",
                "AAAA-BBBB-CCCC-DDDD")
            .getResponse()
            .getContentAsString();
    assertThat(wrongCode).contains("This recovery code is not correct. Check it and try again.");
    assertThat(service.status(user.username).enabled()).isTrue();

    String done =
        user.post(
                session,
                "/account/two-factor/disable",
                "password",
                user.password,
                "code",
                phone.recoveryCodes().get(0))
            .getResponse()
            .getContentAsString();

    assertThat(done).contains("Two-factor authentication is off.");
    assertThat(service.status(user.username).enabled()).isFalse();
    assertThat(user.get(user.signIn(), "/account").getResponse().getStatus()).isEqualTo(200);
  }

  @Test
  void newRecoveryCodes_replaceTheOldOnes() throws Exception {
    MockHttpSession session = user.signIn();
    PortalClient.Phone phone = user.enable(session, clock);

    String done =
        user.post(
                session,
                "/account/two-factor/recovery-codes",
                "password",
                user.password,
                "code",
                next(phone))
            .getResponse()
            .getContentAsString();

    assertThat(PortalClient.recoveryCodes(done))
        .hasSize(10)
        .doesNotContainAnyElementsOf(phone.recoveryCodes());
    assertThat(service.useRecoveryCode(user.username, phone.recoveryCodes().get(0)).isAccepted())
        .isFalse();
  }

  @Test
  void newPhone_theOldOneWorksUntilTheNewOneIsConfirmed() throws Exception {
    MockHttpSession session = user.signIn();
    PortalClient.Phone old = user.enable(session, clock);

    MvcResult started =
        user.post(
            session, "/account/two-factor/replace", "password", user.password, "code", next(old));
    assertThat(started.getResponse().getRedirectedUrl()).isEqualTo("/account/two-factor/setup");
    String setup = user.page(session, "/account/two-factor/setup");
    assertThat(setup).contains("Your current authenticator keeps working");
    assertThat(service.verify(user.username, next(old)).isAccepted()).isTrue();
    io.github.otpkit.totp.TotpGenerator newPhone =
        io.github.otpkit.totp.TotpGenerator.create(
            io.github.otpkit.totp.OtpSecret.fromBase32(PortalClient.manualKey(setup)));

    clock.advance(Duration.ofSeconds(30));
    String done =
        user.post(session, "/account/two-factor/setup", "code", newPhone.generate(clock.instant()))
            .getResponse()
            .getContentAsString();

    assertThat(done).contains("Your new authenticator is active. The old one no longer works.");
    clock.advance(Duration.ofSeconds(30));
    assertThat(service.verify(user.username, old.code(clock)).isAccepted()).isFalse();
  }

  @Test
  void enrollmentForms_needTheCsrfToken() throws Exception {
    MockHttpSession session = user.signIn();

    for (String path :
        new String[] {
          "/account/two-factor/enable",
          "/account/two-factor/setup",
          "/account/two-factor/disable",
          "/sign-up"
        }) {
      assertThat(
              mvc.perform(post(path).session(session).param("password", user.password))
                  .andReturn()
                  .getResponse()
                  .getStatus())
          .as(path)
          .isEqualTo(403);
    }
  }

  @Test
  void clockBean_isTheOneTheServiceUses() {
    assertThat(clock).isInstanceOf(Clock.class);
    assertThat(service.startEnrollment(user.username, user.username).orElseThrow().expiresAt())
        .isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));
  }
}
