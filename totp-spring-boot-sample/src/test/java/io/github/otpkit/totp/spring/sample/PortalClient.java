package io.github.otpkit.totp.spring.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.TotpGenerator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/** One user's browser in the sample, through MockMvc: forms posted with their CSRF token. */
final class PortalClient {
  private static final Pattern MANUAL_KEY = Pattern.compile("id=\"manual-key\">([A-Z2-7 ]+)<");
  private static final Pattern RECOVERY_CODE =
      Pattern.compile("class=\"recovery-code\">([0-9A-Z-]+)<");

  private final MockMvc mvc;
  final String username;
  final String password;

  PortalClient(MockMvc mvc, String username, String password) {
    this.mvc = mvc;
    this.username = username;
    this.password = password;
  }

  void signUp() throws Exception {
    MvcResult result =
        mvc.perform(
                MockMvcRequestBuilders.post("/sign-up")
                    .param("username", username)
                    .param("password", password)
                    .with(csrf()))
            .andReturn();
    assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/sign-in?signedUp");
  }

  /** Signs in with the password; returns the new session and where the user was sent. */
  MockHttpSession signIn() throws Exception {
    MvcResult result =
        mvc.perform(
                MockMvcRequestBuilders.post("/sign-in")
                    .param("username", username)
                    .param("password", password)
                    .with(csrf()))
            .andReturn();
    assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/account");
    return (MockHttpSession) Objects.requireNonNull(result.getRequest().getSession(false));
  }

  MvcResult get(MockHttpSession session, String path) throws Exception {
    return mvc.perform(MockMvcRequestBuilders.get(path).session(session)).andReturn();
  }

  String page(MockHttpSession session, String path) throws Exception {
    MvcResult result = get(session, path);
    assertThat(result.getResponse().getStatus()).as("GET %s", path).isEqualTo(200);
    return result.getResponse().getContentAsString();
  }

  MvcResult post(MockHttpSession session, String path, String... namesAndValues) throws Exception {
    MockHttpServletRequestBuilder request =
        MockMvcRequestBuilders.post(path).session(session).with(csrf());
    for (int i = 0; i < namesAndValues.length; i += 2) {
      request.param(namesAndValues[i], namesAndValues[i + 1]);
    }
    return mvc.perform(request).andReturn();
  }

  /** Turns two-factor authentication on through the pages; returns the phone and the codes. */
  Phone enable(MockHttpSession session, Clock clock) throws Exception {
    assertThat(
            post(session, "/account/two-factor/enable", "password", password)
                .getResponse()
                .getRedirectedUrl())
        .isEqualTo("/account/two-factor/setup");
    String setup = page(session, "/account/two-factor/setup");
    TotpGenerator app = TotpGenerator.create(OtpSecret.fromBase32(manualKey(setup)));
    String done =
        post(session, "/account/two-factor/setup", "code", app.generate(clock.instant()))
            .getResponse()
            .getContentAsString();
    assertThat(done).contains("Two-factor authentication is on.");
    return new Phone(app, recoveryCodes(done));
  }

  static String manualKey(String html) {
    Matcher m = MANUAL_KEY.matcher(html);
    assertThat(m.find()).as("a manual key on the page").isTrue();
    return m.group(1);
  }

  static List<String> recoveryCodes(String html) {
    List<String> codes = new ArrayList<>();
    Matcher m = RECOVERY_CODE.matcher(html);
    while (m.find()) {
      codes.add(m.group(1));
    }
    return codes;
  }

  /** The user's authenticator app and the recovery codes they saved. */
  record Phone(TotpGenerator app, List<String> recoveryCodes) {
    String code(Clock clock) {
      return app.generate(clock.instant());
    }
  }
}
