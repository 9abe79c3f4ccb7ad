package io.github.otpkit.totp.spring.security;

import io.github.otpkit.totp.test.TestClock;
import jakarta.servlet.http.HttpSession;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.WebAttributes;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** An application with its own second-factor pages and URLs. */
@SpringBootConfiguration
@EnableAutoConfiguration
class CustomPagesTestApplication {
  @Bean
  TestClock clock() {
    return TestClock.at(FactorTestApplication.START);
  }

  @Bean
  InMemoryUserDetailsManager users() {
    return new InMemoryUserDetailsManager();
  }

  @Bean
  SecurityFilterChain filterChain(HttpSecurity http) {
    http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
        .formLogin(Customizer.withDefaults())
        .with(
            TotpFactorConfigurer.totpFactor(),
            totp ->
                totp.codePage("/two-factor")
                    .codeProcessingUrl("/two-factor/check")
                    .recoveryCodePage("/two-factor/recovery")
                    .recoveryCodeProcessingUrl("/two-factor/recovery/check")
                    .defaultSuccessUrl("/home")
                    .permitBeforeFactor("/css/**"));
    return http.build();
  }

  @RestController
  static class Pages {
    @GetMapping("/two-factor")
    String codePage(HttpSession session) {
      Object failure = session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
      return "my code page"
          + (failure instanceof TotpAuthenticationException e ? ": " + e.getMessage() : "");
    }

    @GetMapping("/two-factor/recovery")
    String recoveryCodePage() {
      return "my recovery code page";
    }

    @GetMapping("/css/site.css")
    String css() {
      return "body{}";
    }

    @GetMapping("/home")
    String home() {
      return "home";
    }
  }
}
