package io.github.otpkit.totp.spring.sample;

import io.github.otpkit.totp.spring.security.TotpFactorConfigurer;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.session.SessionRegistryImpl;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.JdbcUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.session.HttpSessionEventPublisher;

/**
 * Form login, the TOTP factor, and a session registry so that factor changes end other sessions.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {
  @Bean
  SecurityFilterChain filterChain(HttpSecurity http, SessionRegistry sessionRegistry) {
    http.authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers("/", "/sign-in", "/sign-up", "/css/**", "/error")
                    .permitAll()
                    .anyRequest()
                    .authenticated())
        .formLogin(form -> form.loginPage("/sign-in").defaultSuccessUrl("/account").permitAll())
        .logout(logout -> logout.logoutSuccessUrl("/"))
        // Registers every session, so that TwoFactorSessions can end the others (-1: no limit).
        .sessionManagement(
            sessions -> sessions.maximumSessions(-1).sessionRegistry(sessionRegistry))
        .headers(
            headers ->
                headers.contentSecurityPolicy(
                    csp ->
                        csp.policyDirectives(
                            "default-src 'none'; style-src 'self'; img-src 'self' data:;"
                                + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'")))
        // The second factor: users with two-factor authentication on enter a code after the
        // password; everyone else goes on with the password alone.
        .with(TotpFactorConfigurer.totpFactor(), Customizer.withDefaults());
    return http.build();
  }

  @Bean
  SessionRegistry sessionRegistry() {
    return new SessionRegistryImpl();
  }

  /** Tells the session registry about new session ids and ended sessions. */
  @Bean
  HttpSessionEventPublisher httpSessionEventPublisher() {
    return new HttpSessionEventPublisher();
  }

  @Bean
  PasswordEncoder passwordEncoder() {
    return PasswordEncoderFactories.createDelegatingPasswordEncoder();
  }

  @Bean
  JdbcUserDetailsManager users(DataSource dataSource) {
    return new JdbcUserDetailsManager(dataSource);
  }
}
