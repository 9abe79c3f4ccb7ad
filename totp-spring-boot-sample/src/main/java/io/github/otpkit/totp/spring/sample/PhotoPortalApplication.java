package io.github.otpkit.totp.spring.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The Photo Portal on Spring Boot 4 and Spring Security 7: sign up, sign in with a password, turn
 * on two-factor authentication with an authenticator app, sign in with a code or a recovery code,
 * new recovery codes, a new phone, turn it off.
 *
 * <p>Start it with {@code java -jar totp-spring-boot-sample/target/photo-portal-spring.jar} and
 * open http://127.0.0.1:8080/. The data (an H2 database) lives in {@code ./portal-data}; {@code
 * --spring.profiles.active=postgres} uses PostgreSQL instead.
 */
@SpringBootApplication
public class PhotoPortalApplication {
  /**
   * Builds the application as {@link #main} starts it, with the demo's encryption key file.
   *
   * @return the application, ready to run
   */
  public static SpringApplication application() {
    SpringApplication application = new SpringApplication(PhotoPortalApplication.class);
    application.addInitializers(new DemoKeyFile());
    return application;
  }

  /**
   * Starts the portal.
   *
   * @param args Spring Boot arguments, e.g. {@code --server.port=8081}
   */
  public static void main(String[] args) {
    application().run(args);
  }
}
