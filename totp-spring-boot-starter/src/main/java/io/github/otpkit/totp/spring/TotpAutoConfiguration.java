package io.github.otpkit.totp.spring;

import io.github.otpkit.totp.auth.TwoFactorListener;
import io.github.otpkit.totp.auth.TwoFactorService;
import io.github.otpkit.totp.crypto.SecretCipher;
import io.github.otpkit.totp.jdbc.JdbcSchema;
import io.github.otpkit.totp.jdbc.JdbcStore;
import io.github.otpkit.totp.qr.QrRenderer;
import io.github.otpkit.totp.spring.metrics.TwoFactorMetrics;
import io.github.otpkit.totp.spring.security.AccountIdResolver;
import io.github.otpkit.totp.spring.security.SpringSessionUserSessions;
import io.github.otpkit.totp.spring.security.TwoFactorSessions;
import io.github.otpkit.totp.spring.security.UserSessions;
import io.github.otpkit.totp.store.EnrollmentStore;
import io.github.otpkit.totp.store.InMemoryStore;
import java.time.Clock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;

/**
 * Auto-configuration of otpkit for Spring Boot: every bean below backs off when the application
 * defines its own.
 *
 * <ul>
 *   <li>{@link EnrollmentStore}: a {@link JdbcStore} on the application's {@link DataSource}, its
 *       tables created according to {@code otpkit.totp.store.initialize-schema}; an {@link
 *       InMemoryStore} when there is no DataSource.
 *   <li>{@link SecretCipher}: the keys of {@code otpkit.totp.encryption.*}. With a database and no
 *       key the start-up fails and says how to make one; only the in-memory store, whose data dies
 *       with the process anyway, gets a key generated at start-up.
 *   <li>{@link TwoFactorService} with the {@code otpkit.totp.*} settings, every {@link
 *       TwoFactorListener} bean as listener, and the application's {@link Clock} bean if it has
 *       exactly one.
 *   <li>{@link QrRenderer} with the defaults.
 *   <li>{@link TwoFactorMetrics} when Micrometer is on the class path.
 *   <li>For a servlet application with Spring Security: the default {@link AccountIdResolver} (the
 *       principal's name) and {@link TwoFactorSessions}, which ends other sessions through the
 *       application's {@link UserSessions} bean, its Spring Session repository or its {@link
 *       SessionRegistry}, in that order of preference.
 * </ul>
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.JndiDataSourceAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.XADataSourceAutoConfiguration",
      "org.springframework.boot.session.autoconfigure.SessionAutoConfiguration",
      "org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration",
      "org.springframework.boot.session.data.redis.autoconfigure.SessionDataRedisAutoConfiguration"
    })
@ConditionalOnClass(TwoFactorService.class)
@EnableConfigurationProperties(TotpProperties.class)
public final class TotpAutoConfiguration {
  private static final Logger LOG = LoggerFactory.getLogger(TotpAutoConfiguration.class);

  /** Created by Spring Boot. */
  TotpAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean
  SecretCipher otpkitSecretCipher(TotpProperties properties, EnrollmentStore store) {
    return TotpSettings.cipher(properties.getEncryption(), store);
  }

  @Bean
  @ConditionalOnMissingBean
  TwoFactorService twoFactorService(
      EnrollmentStore store,
      SecretCipher cipher,
      TotpProperties properties,
      Environment environment,
      ObjectProvider<TwoFactorListener> listeners,
      ObjectProvider<Clock> clocks) {
    return TotpSettings.service(
        store,
        cipher,
        properties,
        environment.getProperty("spring.application.name"),
        listeners.orderedStream().toList(),
        clocks.getIfUnique(Clock::systemUTC));
  }

  @Bean
  @ConditionalOnMissingBean
  QrRenderer qrRenderer() {
    return QrRenderer.defaults();
  }

  /** The store on the application's database. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnSingleCandidate(DataSource.class)
  static class JdbcStoreConfiguration {
    @Bean
    @ConditionalOnMissingBean(EnrollmentStore.class)
    JdbcStore otpkitEnrollmentStore(DataSource dataSource, TotpProperties properties) {
      TotpProperties.Store store = properties.getStore();
      String prefix = store.getTablePrefix();
      boolean create =
          switch (store.getInitializeSchema()) {
            case ALWAYS -> true;
            case EMBEDDED -> EmbeddedDatabases.isEmbedded(dataSource);
            case NEVER -> false;
          };
      try {
        if (create) {
          JdbcSchema.createIfAbsent(dataSource, prefix);
        }
        return JdbcStore.create(dataSource, prefix);
      } catch (IllegalArgumentException e) {
        throw new InvalidTotpConfigurationException(
            "otpkit.totp.store.table-prefix: " + e.getMessage() + ".",
            "Use letters, digits and underscores; otpkit_ is the default.");
      }
    }
  }

  /** The store in memory, when the application has no database. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingBean(DataSource.class)
  static class InMemoryStoreConfiguration {
    @Bean
    @ConditionalOnMissingBean(EnrollmentStore.class)
    InMemoryStore otpkitEnrollmentStore() {
      LOG.info(
          "No DataSource: two-factor state is kept in memory and lost when the application stops");
      return InMemoryStore.create();
    }
  }

  /** Counters of outcomes, when the application has Micrometer. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
  static class MetricsConfiguration {
    @Bean
    @ConditionalOnMissingBean
    TwoFactorMetrics otpkitTwoFactorMetrics() {
      return new TwoFactorMetrics();
    }
  }

  /** The beans of the Spring Security factor. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name = {
        "org.springframework.security.web.SecurityFilterChain",
        "jakarta.servlet.http.HttpServletRequest"
      })
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  static class SecurityConfiguration {
    @Bean
    @ConditionalOnMissingBean
    AccountIdResolver otpkitAccountIdResolver() {
      return AccountIdResolver.principalName();
    }

    @Bean
    @ConditionalOnMissingBean
    TwoFactorSessions twoFactorSessions(
        TwoFactorService service,
        AccountIdResolver accountIds,
        ObjectProvider<UserSessions> userSessions,
        ObjectProvider<SessionRegistry> registries,
        ObjectProvider<Clock> clocks) {
      UserSessions sessions = userSessions.getIfUnique();
      if (sessions == null) {
        SessionRegistry registry = registries.getIfUnique();
        if (registry != null) {
          sessions = UserSessions.sessionRegistry(registry);
        } else {
          LOG.warn(
              "Neither a SessionRegistry nor Spring Session is configured: TwoFactorSessions will"
                  + " not end a user's other sessions after a change of their second factor");
        }
      }
      return TwoFactorSessions.create(service, accountIds, sessions)
          .withClock(clocks.getIfUnique(Clock::systemUTC));
    }

    /** Other sessions end through Spring Session, when the application uses it. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.session.FindByIndexNameSessionRepository")
    static class SpringSessionConfiguration {
      @Bean
      @ConditionalOnMissingBean(UserSessions.class)
      @ConditionalOnBean(FindByIndexNameSessionRepository.class)
      UserSessions otpkitSpringSessionUserSessions(
          ObjectProvider<FindByIndexNameSessionRepository<? extends Session>> repositories) {
        return new SpringSessionUserSessions(repositories.getObject());
      }
    }
  }
}
