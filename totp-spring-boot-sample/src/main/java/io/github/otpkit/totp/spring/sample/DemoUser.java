package io.github.otpkit.totp.spring.sample;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.UserDetailsManager;
import org.springframework.stereotype.Component;

/** Creates the demo user at start-up, unless {@code portal.demo-user=false}. */
@Component
class DemoUser implements ApplicationRunner {
  private static final Logger LOG = LoggerFactory.getLogger(DemoUser.class);
  static final String USERNAME = "demo";
  static final String PASSWORD = "photo portal demo";

  private final UserDetailsManager users;
  private final PasswordEncoder passwords;
  private final boolean enabled;

  DemoUser(
      UserDetailsManager users,
      PasswordEncoder passwords,
      @Value("${portal.demo-user:true}") boolean enabled) {
    this.users = users;
    this.passwords = passwords;
    this.enabled = enabled;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (enabled && !users.userExists(USERNAME)) {
      users.createUser(
          User.withUsername(USERNAME).password(passwords.encode(PASSWORD)).roles("USER").build());
      LOG.info("Demo user created: {} / {}", USERNAME, PASSWORD);
    }
  }
}
