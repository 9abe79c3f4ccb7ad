package io.github.otpkit.totp.spring.security;

import io.github.otpkit.totp.auth.TwoFactorService;
import io.github.otpkit.totp.auth.VerificationResult;
import io.github.otpkit.totp.test.TestClock;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.TreeSet;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.session.SessionRegistryImpl;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The smallest application that uses the factor: form login, one configurer line, a session
 * registry, a page for everyone and pages for signed-in users, and one enrollment endpoint that
 * does what an application's enrollment controller does after the first code.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class FactorTestApplication {
  static final Instant START = Instant.parse("2026-03-01T10:00:05Z");

  @Bean
  TestClock clock() {
    return TestClock.at(START);
  }

  @Bean
  InMemoryUserDetailsManager users() {
    return new InMemoryUserDetailsManager();
  }

  @Bean
  SessionRegistry sessionRegistry() {
    return new SessionRegistryImpl();
  }

  @Bean
  SecurityFilterChain filterChain(HttpSecurity http, SessionRegistry sessionRegistry) {
    http.authorizeHttpRequests(
            requests ->
                requests.requestMatchers("/public").permitAll().anyRequest().authenticated())
        .formLogin(Customizer.withDefaults())
        .sessionManagement(
            sessions -> sessions.maximumSessions(-1).sessionRegistry(sessionRegistry))
        .with(TotpFactorConfigurer.totpFactor(), Customizer.withDefaults());
    return http.build();
  }

  @RestController
  static class Pages {
    private final TwoFactorService service;
    private final TwoFactorSessions sessions;

    Pages(TwoFactorService service, TwoFactorSessions sessions) {
      this.service = service;
      this.sessions = sessions;
    }

    @GetMapping("/public")
    String everyone() {
      return "public page";
    }

    @GetMapping("/account")
    String account(Authentication user) {
      TreeSet<String> authorities = new TreeSet<>();
      for (GrantedAuthority a : user.getAuthorities()) {
        authorities.add(String.valueOf(a.getAuthority()));
      }
      return "account of " + user.getName() + " " + authorities;
    }

    @PostMapping("/account/two-factor/confirm")
    String confirm(
        @RequestParam("code") String code,
        Authentication user,
        HttpServletRequest request,
        HttpServletResponse response) {
      VerificationResult result = service.confirmEnrollment(user.getName(), code);
      if (!result.isAccepted()) {
        return result.message();
      }
      return result.message()
          + " Other sessions ended: "
          + sessions.afterFactorChange(request, response);
    }
  }
}
