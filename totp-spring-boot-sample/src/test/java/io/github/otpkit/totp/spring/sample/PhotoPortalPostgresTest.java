package io.github.otpkit.totp.spring.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otpkit.totp.auth.TwoFactorService;
import io.github.otpkit.totp.jdbc.JdbcStore;
import io.github.otpkit.totp.store.EnrollmentStore;
import io.github.otpkit.totp.test.TestClock;
import io.github.otpkit.totp.testsupport.RequiresEnv;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The sample on PostgreSQL, chosen by property (the URL in {@code OTPKIT_TEST_POSTGRES_URL}, as CI
 * sets it): its schema, the starter's tables (own prefix, so that other suites' tables on the same
 * database are not touched) and the journey from sign-up to a sign-in with a code. Skipped without
 * the variable on a developer's machine, failed without it in CI.
 */
@SpringBootTest(
    properties = {
      "otpkit.totp.encryption.key-id=test",
      "otpkit.totp.encryption.key=QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWY=",
      "otpkit.totp.store.table-prefix=sample_pg_",
      "portal.demo-user=false"
    })
@AutoConfigureMockMvc
@Import(PhotoPortalPostgresTest.ClockConfiguration.class)
@RequiresEnv(value = PhotoPortalPostgresTest.VARIABLE, purpose = "a PostgreSQL database")
class PhotoPortalPostgresTest {
  static final String VARIABLE = "OTPKIT_TEST_POSTGRES_URL";

  @TestConfiguration(proxyBeanMethods = false)
  static class ClockConfiguration {
    @Bean
    TestClock clock() {
      return TestClock.at(Instant.parse("2026-03-01T10:00:05Z"));
    }
  }

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    String url = System.getenv(VARIABLE);
    if (url != null) {
      registry.add("spring.datasource.url", () -> url);
    }
  }

  @Autowired MockMvc mvc;
  @Autowired TestClock clock;
  @Autowired TwoFactorService service;
  @Autowired EnrollmentStore store;

  @Test
  void journey_onPostgres_signUpEnableSignInWithACode() throws Exception {
    assertThat(store).isInstanceOf(JdbcStore.class);
    String name = "pg-" + UUID.randomUUID().toString().substring(0, 8);
    PortalClient user = new PortalClient(mvc, name, "a long enough pass phrase");
    user.signUp();
    MockHttpSession session = user.signIn();
    PortalClient.Phone phone = user.enable(session, clock);
    assertThat(service.status(name).enabled()).isTrue();

    clock.advance(Duration.ofSeconds(30));
    MockHttpSession next = user.signIn();
    assertThat(user.get(next, "/account").getResponse().getRedirectedUrl())
        .startsWith("/login/totp");
    assertThat(
            user.post(next, "/login/totp", "code", phone.code(clock))
                .getResponse()
                .getRedirectedUrl())
        .isEqualTo("http://localhost/account?continue");
    assertThat(user.page(next, "/account")).contains("Two-factor authentication is on");
  }
}
