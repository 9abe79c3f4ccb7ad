package io.github.otpkit.totp.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otpkit.totp.TotpGenerator;
import io.github.otpkit.totp.auth.Enrollment;
import io.github.otpkit.totp.auth.TwoFactorEvent;
import io.github.otpkit.totp.auth.TwoFactorListener;
import io.github.otpkit.totp.auth.TwoFactorService;
import io.github.otpkit.totp.auth.TwoFactorStatus;
import io.github.otpkit.totp.auth.VerificationResult;
import io.github.otpkit.totp.crypto.EncryptionKey;
import io.github.otpkit.totp.crypto.SecretCipher;
import io.github.otpkit.totp.jdbc.JdbcStore;
import io.github.otpkit.totp.qr.QrOptions;
import io.github.otpkit.totp.qr.QrRenderer;
import io.github.otpkit.totp.spring.metrics.TwoFactorMetrics;
import io.github.otpkit.totp.spring.security.AccountIdResolver;
import io.github.otpkit.totp.spring.security.SpringSessionUserSessions;
import io.github.otpkit.totp.spring.security.TwoFactorSessions;
import io.github.otpkit.totp.spring.security.UserSessions;
import io.github.otpkit.totp.store.EnrollmentStore;
import io.github.otpkit.totp.store.InMemoryStore;
import io.github.otpkit.totp.test.TestClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.session.SessionRegistryImpl;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.MapSession;

/**
 * Every condition and every property of {@link TotpAutoConfiguration}, in contexts that start in
 * milliseconds: which store and which cipher, the start-up failures and their messages, the
 * service's settings seen through its behaviour, back-off for the application's own beans,
 * Micrometer and the security beans.
 */
class TotpAutoConfigurationTest {
  static final String KEY = TestKeys.KEY;

  static final String OLD_KEY = Base64.getEncoder().encodeToString(bytes(32, 11));

  private static final Instant T0 = Instant.parse("2026-03-01T10:00:05Z");

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(TotpAutoConfiguration.class))
          .withPropertyValues("otpkit.totp.issuer=Photo Portal");

  private final ApplicationContextRunner withDatabase =
      runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class));

  @TempDir Path folder;

  private static byte[] bytes(int length, int seed) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (seed * 31 + i * 17);
    }
    return b;
  }

  // ---- metadata -------------------------------------------------------------------------------

  @Test
  void configurationMetadata_describesEveryPropertyForTheIde() throws Exception {
    String json;
    try (var in =
        TotpAutoConfigurationTest.class.getResourceAsStream(
            "/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("metadata written by spring-boot-configuration-processor").isNotNull();
      json =
          new String(
              Objects.requireNonNull(in).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    for (String property :
        List.of(
            "otpkit.totp.issuer",
            "otpkit.totp.encryption.key",
            "otpkit.totp.encryption.key-id",
            "otpkit.totp.encryption.decryption-keys",
            "otpkit.totp.store.initialize-schema",
            "otpkit.totp.store.table-prefix",
            "otpkit.totp.window.behind",
            "otpkit.totp.window.ahead",
            "otpkit.totp.track-drift",
            "otpkit.totp.throttle.free-failures",
            "otpkit.totp.throttle.base-delay",
            "otpkit.totp.throttle.max-delay",
            "otpkit.totp.throttle.lockout-after",
            "otpkit.totp.recovery-codes.count",
            "otpkit.totp.recovery-codes.pepper",
            "otpkit.totp.enrollment-ttl")) {
      assertThat(json).contains("\"name\": \"" + property + "\"");
    }
    assertThat(json)
        .contains("\"defaultValue\": \"15m\"")
        .contains("\"defaultValue\": \"embedded\"");
  }

  // ---- store and cipher ---------------------------------------------------------------------

  @Test
  void noDataSource_inMemoryStoreWithAGeneratedKey() {
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(TwoFactorService.class);
          assertThat(context).hasSingleBean(QrRenderer.class);
          assertThat(context.getBean(EnrollmentStore.class)).isInstanceOf(InMemoryStore.class);
          assertThat(context.getBean(SecretCipher.class).primaryKeyId())
              .isEqualTo(TotpSettings.GENERATED_KEY_ID);
        });
  }

  @Test
  void dataSourceWithoutKey_startUpFailsAndSaysHowToMakeOne() {
    withDatabase.run(
        context -> {
          assertThat(context).hasFailed();
          Throwable failure = context.getStartupFailure();
          InvalidTotpConfigurationException cause = rootCause(failure);
          assertThat(cause.getMessage())
              .startsWith(
                  "otpkit.totp.encryption.key is not set, and two-factor secrets are stored in a"
                      + " database (JdbcStore).")
              .contains("openssl rand -base64 32")
              .contains("OTPKIT_TOTP_ENCRYPTION_KEY=")
              .contains("OTPKIT_TOTP_ENCRYPTION_KEYID=");
          FailureAnalysis analysis =
              Objects.requireNonNull(
                  new TotpConfigurationFailureAnalyzer().analyze(Objects.requireNonNull(failure)));
          assertThat(analysis.getDescription())
              .isEqualTo(cause.description())
              .startsWith("otpkit.totp.encryption.key is not set")
              .endsWith("unreadable after a restart.");
          assertThat(analysis.getAction()).startsWith("Generate a key with:\n\n    openssl rand");
        });
  }

  @Test
  void customStoreWithoutKey_startUpFailsToo() {
    runner
        .withBean(EnrollmentStore.class, () -> JdbcStore.create(h2("custom")))
        .run(
            context ->
                assertThat(rootCause(context.getStartupFailure()).getMessage())
                    .contains("otpkit.totp.encryption.key is not set")
                    .contains("openssl rand -base64 32"));
  }

  @Test
  void inMemoryWithOnlyOldKeys_startUpFails() {
    runner
        .withPropertyValues(
            "otpkit.totp.encryption.decryption-keys[0].key-id=old",
            "otpkit.totp.encryption.decryption-keys[0].key=" + OLD_KEY)
        .run(
            context ->
                assertThat(rootCause(context.getStartupFailure()).getMessage())
                    .startsWith("otpkit.totp.encryption.key is not set"));
  }

  @Test
  void dataSourceWithKey_jdbcStoreAndTablesOnAnEmbeddedDatabase() {
    withDatabase
        .withPropertyValues(
            "otpkit.totp.encryption.key-id=2026-03", "otpkit.totp.encryption.key=" + KEY)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(EnrollmentStore.class)).isInstanceOf(JdbcStore.class);
              assertThat(context.getBean(SecretCipher.class).primaryKeyId()).isEqualTo("2026-03");
              assertThat(tables(context.getBean(DataSource.class)))
                  .contains("OTPKIT_ACCOUNT_STATE", "OTPKIT_ENROLLMENT", "OTPKIT_RECOVERY_CODE");
              // The whole journey works on these tables.
              TwoFactorService service = context.getBean(TwoFactorService.class);
              Clock clock = Clock.systemUTC();
              Authenticator.enable(service, "alice", clock);
              assertThat(service.status("alice").enabled()).isTrue();
            });
  }

  @Test
  void keyWithoutKeyId_startUpFails() {
    withDatabase
        .withPropertyValues("otpkit.totp.encryption.key=" + KEY)
        .run(
            context ->
                assertThat(rootCause(context.getStartupFailure()).getMessage())
                    .startsWith(
                        "otpkit.totp.encryption.key is set but otpkit.totp.encryption.key-id is"
                            + " not.")
                    .contains("otpkit.totp.encryption.key-id=2026-12"));
  }

  @Test
  void keyNotBase64_messageNamesThePositionNeverTheKey() {
    String bad = KEY.substring(0, 10) + "!" + KEY.substring(11);
    withDatabase
        .withPropertyValues("otpkit.totp.encryption.key-id=k1", "otpkit.totp.encryption.key=" + bad)
        .run(
            context -> {
              String message = rootCause(context.getStartupFailure()).getMessage();
              assertThat(message)
                  .startsWith(
                      "otpkit.totp.encryption.key: encryption key is not valid Base64 (invalid"
                          + " character at position 11).")
                  .doesNotContain(bad)
                  .doesNotContain(KEY.substring(0, 10));
            });
  }

  @Test
  void keyOfTheWrongLength_startUpFails() {
    withDatabase
        .withPropertyValues(
            "otpkit.totp.encryption.key-id=k1",
            "otpkit.totp.encryption.key=" + Base64.getEncoder().encodeToString(bytes(16, 3)))
        .run(
            context ->
                assertThat(rootCause(context.getStartupFailure()).getMessage())
                    .startsWith(
                        "otpkit.totp.encryption.key: encryption key must hold a 32-byte AES key in"
                            + " Base64 but holds 16 bytes"));
  }

  @Test
  void decryptionKeys_joinTheKeyRingAndOldSecretsStillDecrypt() {
    // A secret stored under the old key, then the application restarts with a new primary key.
    DataSource database = h2("rotation");
    withDatabase
        .withBean(DataSource.class, () -> database)
        .withBean(Clock.class, () -> Clock.fixed(T0, java.time.ZoneOffset.UTC))
        .withPropertyValues(
            "otpkit.totp.encryption.key-id=old", "otpkit.totp.encryption.key=" + OLD_KEY)
        .run(
            context ->
                Authenticator.enable(
                    context.getBean(TwoFactorService.class),
                    "alice",
                    Clock.fixed(T0, java.time.ZoneOffset.UTC)));
    withDatabase
        .withBean(DataSource.class, () -> database)
        .withPropertyValues(
            "otpkit.totp.encryption.key-id=new",
            "otpkit.totp.encryption.key=" + KEY,
            "otpkit.totp.encryption.decryption-keys[0].key-id=old",
            "otpkit.totp.encryption.decryption-keys[0].key=" + OLD_KEY)
        .run(
            context -> {
              SecretCipher cipher = context.getBean(SecretCipher.class);
              assertThat(cipher.primaryKeyId()).isEqualTo("new");
              assertThat(cipher.keyIds()).containsExactly("new", "old");
              TwoFactorService.KeyRotationResult rotation =
                  context.getBean(TwoFactorService.class).reencryptSecrets();
              assertThat(rotation.reencrypted()).isEqualTo(1);
              assertThat(rotation.isComplete()).isTrue();
            });
  }

  @Test
  void decryptionKeyWithThePrimaryKeysId_startUpFails() {
    withDatabase
        .withPropertyValues(
            "otpkit.totp.encryption.key-id=same",
            "otpkit.totp.encryption.key=" + KEY,
            "otpkit.totp.encryption.decryption-keys[0].key-id=same",
            "otpkit.totp.encryption.decryption-keys[0].key=" + OLD_KEY)
        .run(
            context ->
                assertThat(rootCause(context.getStartupFailure()).getMessage())
                    .startsWith("otpkit.totp.encryption: key id same is given twice."));
  }

  @Test
  void decryptionKeyWithoutValue_startUpFails() {
    withDatabase
        .withPropertyValues(
            "otpkit.totp.encryption.key-id=new",
            "otpkit.totp.encryption.key=" + KEY,
            "otpkit.totp.encryption.decryption-keys[0].key-id=old")
        .run(
            context ->
                assertThat(rootCause(context.getStartupFailure()).getMessage())
                    .startsWith("otpkit.totp.encryption.decryption-keys[0].key is not set."));
  }

  // ---- schema ---------------------------------------------------------------------------------

  @Test
  void initializeSchemaNever_noTablesEvenOnAnEmbeddedDatabase() {
    withDatabase
        .withPropertyValues(
            "otpkit.totp.encryption.key-id=k1",
            "otpkit.totp.encryption.key=" + KEY,
            "otpkit.totp.store.initialize-schema=never")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(tables(context.getBean(DataSource.class)))
                  .doesNotContain("OTPKIT_ENROLLMENT");
            });
  }

  @Test
  void initializeSchemaEmbedded_leavesAFileDatabaseAlone() {
    DataSource file = h2File("embedded-mode");
    runner
        .withBean(DataSource.class, () -> file)
        .withPropertyValues("otpkit.totp.encryption.key-id=k1", "otpkit.totp.encryption.key=" + KEY)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(tables(file)).doesNotContain("OTPKIT_ENROLLMENT");
            });
  }

  @Test
  void initializeSchemaAlways_createsTablesWithThePrefixOnAFileDatabase() {
    DataSource file = h2File("always-mode");
    runner
        .withBean(DataSource.class, () -> file)
        .withPropertyValues(
            "otpkit.totp.encryption.key-id=k1",
            "otpkit.totp.encryption.key=" + KEY,
            "otpkit.totp.store.initialize-schema=always",
            "otpkit.totp.store.table-prefix=portal_2fa_")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(tables(file))
                  .contains("PORTAL_2FA_ACCOUNT_STATE", "PORTAL_2FA_ENROLLMENT")
                  .doesNotContain("OTPKIT_ENROLLMENT");
              Authenticator.enable(
                  context.getBean(TwoFactorService.class), "bob", Clock.systemUTC());
            });
  }

  @Test
  void invalidTablePrefix_startUpFails() {
    withDatabase
        .withPropertyValues(
            "otpkit.totp.encryption.key-id=k1",
            "otpkit.totp.encryption.key=" + KEY,
            "otpkit.totp.store.table-prefix=bad prefix")
        .run(
            context ->
                assertThat(rootCause(context.getStartupFailure()).getMessage())
                    .startsWith("otpkit.totp.store.table-prefix: "));
  }

  @Test
  void embeddedDetection_ofADataSource() throws Exception {
    assertThat(EmbeddedDatabases.isEmbedded(h2("detect"))).isTrue();
    assertThat(EmbeddedDatabases.isEmbedded(h2File("detect"))).isFalse();
    JdbcDataSource unreachable = new JdbcDataSource();
    unreachable.setURL("jdbc:h2:file:" + folder.resolve("missing/db") + ";IFEXISTS=TRUE");
    assertThat(EmbeddedDatabases.isEmbedded(unreachable)).isFalse();
  }

  @Test
  void embeddedDetection_followsSpringSqlInitsMeaning() {
    assertThat(EmbeddedDatabases.isEmbedded("H2", "jdbc:h2:mem:test")).isTrue();
    assertThat(EmbeddedDatabases.isEmbedded("H2", "jdbc:h2:file:/data/db")).isFalse();
    assertThat(EmbeddedDatabases.isEmbedded("HSQL Database Engine", "jdbc:hsqldb:mem:x")).isTrue();
    assertThat(EmbeddedDatabases.isEmbedded("HSQL Database Engine", "jdbc:hsqldb:file:x"))
        .isFalse();
    assertThat(EmbeddedDatabases.isEmbedded("Apache Derby", "jdbc:derby:memory:x")).isTrue();
    assertThat(EmbeddedDatabases.isEmbedded("PostgreSQL", "jdbc:postgresql://db/x")).isFalse();
  }

  // ---- issuer and service settings ------------------------------------------------------------

  @Test
  void issuer_fromTheProperty() {
    runner.run(
        context -> assertThat(enrollmentOf(context).uri().issuer()).contains("Photo Portal"));
  }

  @Test
  void issuer_defaultsToTheApplicationName() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TotpAutoConfiguration.class))
        .withPropertyValues("spring.application.name=Album")
        .run(context -> assertThat(enrollmentOf(context).uri().issuer()).contains("Album"));
  }

  @Test
  void issuer_missing_startUpFails() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TotpAutoConfiguration.class))
        .run(
            context ->
                assertThat(rootCause(context.getStartupFailure()).getMessage())
                    .startsWith(
                        "otpkit.totp.issuer is not set, and neither is spring.application.name.")
                    .contains("otpkit.totp.issuer=Photo Portal"));
  }

  @Test
  void issuer_withAColon_startUpFails() {
    runner
        .withPropertyValues("otpkit.totp.issuer=Photo: Portal")
        .run(
            context ->
                assertThat(rootCause(context.getStartupFailure()).getMessage())
                    .startsWith("otpkit.totp.issuer cannot be an issuer: "));
  }

  @Test
  void window_behindZero_refusesTheCodeOfThePreviousStep() {
    TestClock clock = TestClock.at(T0);
    runner
        .withBean(Clock.class, () -> clock)
        .withPropertyValues("otpkit.totp.window.behind=0")
        .run(
            context -> {
              TwoFactorService service = context.getBean(TwoFactorService.class);
              Authenticator phone = Authenticator.enable(service, "alice", clock);
              clock.advance(Duration.ofSeconds(30));
              String previousStep = phone.generator().generate(clock.instant().minusSeconds(30));
              String nextStep = phone.generator().generate(clock.instant().plusSeconds(30));
              assertThat(service.verify("alice", previousStep).kind())
                  .isIn(VerificationResult.Kind.INVALID, VerificationResult.Kind.ALREADY_USED);
              assertThat(service.verify("alice", nextStep).isAccepted()).isTrue();
            });
  }

  @Test
  void window_twoBehindNoneAhead() {
    TestClock clock = TestClock.at(T0);
    runner
        .withBean(Clock.class, () -> clock)
        .withPropertyValues("otpkit.totp.window.behind=2", "otpkit.totp.window.ahead=0")
        .run(
            context -> {
              TwoFactorService service = context.getBean(TwoFactorService.class);
              Authenticator phone = Authenticator.enable(service, "alice", clock);
              clock.advance(Duration.ofMinutes(2));
              String nextStep = phone.generator().generate(clock.instant().plusSeconds(30));
              String twoStepsAgo = phone.generator().generate(clock.instant().minusSeconds(60));
              assertThat(service.verify("alice", nextStep).kind())
                  .isEqualTo(VerificationResult.Kind.INVALID);
              assertThat(service.verify("alice", twoStepsAgo).isAccepted()).isTrue();
            });
  }

  @Test
  void window_outOfRange_startUpFailsNamingTheProperty() {
    runner
        .withPropertyValues("otpkit.totp.window.ahead=11")
        .run(
            context ->
                assertThat(rootCause(context.getStartupFailure()).getMessage())
                    .startsWith("otpkit.totp.window: "));
  }

  @Test
  void throttle_freeFailures_refusesTheNextAttempt() {
    TestClock clock = TestClock.at(T0);
    runner
        .withBean(Clock.class, () -> clock)
        .withPropertyValues(
            "otpkit.totp.throttle.free-failures=1",
            "otpkit.totp.throttle.base-delay=7s",
            "otpkit.totp.throttle.max-delay=1m")
        .run(
            context -> {
              TwoFactorService service = context.getBean(TwoFactorService.class);
              Authenticator phone = Authenticator.enable(service, "alice", clock);
              clock.advance(Duration.ofSeconds(30));
              String right = phone.code(clock);
              String wrong = right.equals("000000") ? "111111" : "000000";
              assertThat(service.verify("alice", wrong).kind())
                  .isEqualTo(VerificationResult.Kind.INVALID);
              VerificationResult throttled = service.verify("alice", right);
              assertThat(throttled.message())
                  .isEqualTo("Too many attempts: try again in 7 seconds.");
            });
  }

  @Test
  void throttle_lockoutAfter_locksCodes() {
    TestClock clock = TestClock.at(T0);
    runner
        .withBean(Clock.class, () -> clock)
        .withPropertyValues(
            "otpkit.totp.throttle.free-failures=5", "otpkit.totp.throttle.lockout-after=2")
        .run(
            context -> {
              TwoFactorService service = context.getBean(TwoFactorService.class);
              Authenticator phone = Authenticator.enable(service, "alice", clock);
              clock.advance(Duration.ofSeconds(30));
              String right = phone.code(clock);
              String wrong = right.equals("000000") ? "111111" : "000000";
              assertThat(service.verify("alice", wrong).isAccepted()).isFalse();
              assertThat(service.verify("alice", wrong).isAccepted()).isFalse();
              assertThat(service.verify("alice", right).kind())
                  .isEqualTo(VerificationResult.Kind.LOCKED);
            });
  }

  @Test
  void throttle_invalid_startUpFailsNamingTheProperty() {
    runner
        .withPropertyValues("otpkit.totp.throttle.base-delay=0s")
        .run(
            context ->
                assertThat(rootCause(context.getStartupFailure()).getMessage())
                    .startsWith("otpkit.totp.throttle: baseDelay must be positive but was PT0S."));
  }

  @Test
  void recoveryCodeCount_setsHowManyAreIssued() {
    runner
        .withPropertyValues("otpkit.totp.recovery-codes.count=4")
        .run(
            context ->
                assertThat(
                        Authenticator.enable(
                                context.getBean(TwoFactorService.class), "a", Clock.systemUTC())
                            .recoveryCodes())
                    .hasSize(4));
  }

  @Test
  void recoveryCodeCount_outOfRange_startUpFails() {
    runner
        .withPropertyValues("otpkit.totp.recovery-codes.count=0")
        .run(
            context ->
                assertThat(rootCause(context.getStartupFailure()).getMessage())
                    .isEqualTo(
                        "otpkit.totp.recovery-codes.count: recoveryCodeCount must be 1 to 100 but"
                            + " was 0. 10 is the default."));
  }

  @Test
  void recoveryCodePepper_bindsTheHashesToIt() {
    String pepper = Base64.getEncoder().encodeToString(bytes(32, 5));
    String otherPepper = Base64.getEncoder().encodeToString(bytes(32, 6));
    InMemoryStore store = InMemoryStore.create();
    SecretCipher cipher = SecretCipher.create(EncryptionKey.generate("k"));
    List<String> codes = new ArrayList<>();
    runner
        .withBean(EnrollmentStore.class, () -> store)
        .withBean(SecretCipher.class, () -> cipher)
        .withPropertyValues("otpkit.totp.recovery-codes.pepper=" + pepper)
        .run(
            context ->
                codes.addAll(
                    Authenticator.enable(
                            context.getBean(TwoFactorService.class), "alice", Clock.systemUTC())
                        .recoveryCodes()));
    runner
        .withBean(EnrollmentStore.class, () -> store)
        .withBean(SecretCipher.class, () -> cipher)
        .withPropertyValues("otpkit.totp.recovery-codes.pepper=" + otherPepper)
        .run(
            context ->
                assertThat(
                        context
                            .getBean(TwoFactorService.class)
                            .useRecoveryCode("alice", codes.get(0))
                            .kind())
                    .isEqualTo(VerificationResult.Kind.INVALID));
    // The same pepper, without padding and in the URL-safe alphabet.
    String sameInUrlSafeBase64 =
        Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32, 5));
    assertThat(sameInUrlSafeBase64).doesNotContain("=");
    runner
        .withBean(EnrollmentStore.class, () -> store)
        .withBean(SecretCipher.class, () -> cipher)
        .withPropertyValues("otpkit.totp.recovery-codes.pepper=" + sameInUrlSafeBase64)
        .run(
            context ->
                assertThat(
                        context
                            .getBean(TwoFactorService.class)
                            .useRecoveryCode("alice", codes.get(0))
                            .isAccepted())
                    .isTrue());
  }

  @Test
  void recoveryCodePepper_invalid_startUpFailsWithoutRepeatingIt() {
    runner
        .withPropertyValues("otpkit.totp.recovery-codes.pepper=abc$def")
        .run(
            context ->
                assertThat(rootCause(context.getStartupFailure()).getMessage())
                    .isEqualTo(
                        "otpkit.totp.recovery-codes.pepper is not valid Base64. Generate one with:"
                            + " openssl rand -base64 32"));
    runner
        .withPropertyValues(
            "otpkit.totp.recovery-codes.pepper=" + Base64.getEncoder().encodeToString(bytes(8, 1)))
        .run(
            context ->
                assertThat(rootCause(context.getStartupFailure()).getMessage())
                    .startsWith("otpkit.totp.recovery-codes.pepper: "));
  }

  @Test
  void enrollmentTtl_setsWhenASetupExpires() {
    runner
        .withBean(Clock.class, () -> Clock.fixed(T0, java.time.ZoneOffset.UTC))
        .withPropertyValues("otpkit.totp.enrollment-ttl=3m")
        .run(
            context -> {
              Enrollment enrollment = enrollmentOf(context);
              assertThat(enrollment.expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(3)));
              TwoFactorStatus status = context.getBean(TwoFactorService.class).status("alice");
              assertThat(status.enrollmentExpiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(3)));
            });
  }

  @Test
  void enrollmentTtl_outOfRange_startUpFails() {
    runner
        .withPropertyValues("otpkit.totp.enrollment-ttl=10s")
        .run(
            context ->
                assertThat(rootCause(context.getStartupFailure()).getMessage())
                    .startsWith("otpkit.totp.enrollment-ttl: enrollmentTtl must be 1 minute"));
  }

  @Test
  void trackDrift_recordsTheDriftOfTheFirstCode() {
    for (boolean track : new boolean[] {true, false}) {
      InMemoryStore store = InMemoryStore.create();
      runner
          .withBean(EnrollmentStore.class, () -> store)
          .withBean(Clock.class, () -> Clock.fixed(T0, java.time.ZoneOffset.UTC))
          .withPropertyValues("otpkit.totp.track-drift=" + track)
          .run(
              context -> {
                TwoFactorService service = context.getBean(TwoFactorService.class);
                Enrollment enrollment = service.startEnrollment("alice", "alice").orElseThrow();
                TotpGenerator app =
                    TotpGenerator.create(
                        enrollment.uri().secret(), enrollment.uri().totpParameters());
                // The phone runs one step ahead.
                assertThat(
                        service
                            .confirmEnrollment("alice", app.generate(T0.plusSeconds(30)))
                            .isAccepted())
                    .isTrue();
                assertThat(store.loadState("alice").driftSteps()).isEqualTo(track ? 1 : 0);
              });
    }
  }

  // ---- the application's own beans ------------------------------------------------------------

  @Test
  void applicationBeans_theAutoConfigurationBacksOff() {
    InMemoryStore store = InMemoryStore.create();
    SecretCipher cipher = SecretCipher.create(EncryptionKey.generate("mine"));
    TwoFactorService service = TwoFactorService.builder(store, cipher).issuer("Mine").build();
    QrRenderer renderer = QrRenderer.of(QrOptions.builder().moduleSize(3).build());
    TwoFactorMetrics metrics = new TwoFactorMetrics();
    AccountIdResolver resolver = authentication -> "id-" + authentication.getName();
    TwoFactorSessions sessions = TwoFactorSessions.create(service, resolver, null);
    new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TotpAutoConfiguration.class))
        .withBean(EnrollmentStore.class, () -> store)
        .withBean(SecretCipher.class, () -> cipher)
        .withBean(TwoFactorService.class, () -> service)
        .withBean(QrRenderer.class, () -> renderer)
        .withBean(TwoFactorMetrics.class, () -> metrics)
        .withBean(AccountIdResolver.class, () -> resolver)
        .withBean(TwoFactorSessions.class, () -> sessions)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(TwoFactorSessions.class)).isSameAs(sessions);
              assertThat(context.getBean(EnrollmentStore.class)).isSameAs(store);
              assertThat(context.getBean(SecretCipher.class)).isSameAs(cipher);
              assertThat(context.getBean(TwoFactorService.class)).isSameAs(service);
              assertThat(context.getBean(QrRenderer.class)).isSameAs(renderer);
              assertThat(context.getBean(TwoFactorMetrics.class)).isSameAs(metrics);
              assertThat(context.getBean(AccountIdResolver.class)).isSameAs(resolver);
            });
  }

  @Test
  void applicationStore_usedByTheAutoConfiguredService() {
    InMemoryStore store = InMemoryStore.create();
    runner
        .withBean(EnrollmentStore.class, () -> store)
        .run(
            context -> {
              Authenticator.enable(context.getBean(TwoFactorService.class), "a", Clock.systemUTC());
              assertThat(store.size()).isEqualTo(1);
            });
  }

  @Test
  void listeners_everyListenerBeanHearsEveryEvent_oneFailingDoesNotSilenceTheOthers() {
    List<TwoFactorEvent.Type> heard = new ArrayList<>();
    runner
        .withBean(
            "failing",
            TwoFactorListener.class,
            () ->
                event -> {
                  throw new IllegalStateException("listener bug");
                })
        .withBean("recording", TwoFactorListener.class, () -> event -> heard.add(event.type()))
        .run(
            context -> {
              Authenticator.enable(context.getBean(TwoFactorService.class), "a", Clock.systemUTC());
              assertThat(heard)
                  .contains(
                      TwoFactorEvent.Type.ENROLLMENT_STARTED,
                      TwoFactorEvent.Type.CODE_ACCEPTED,
                      TwoFactorEvent.Type.ENABLED);
            });
  }

  @Test
  void clockBean_isTheServicesClock() {
    runner
        .withBean(Clock.class, () -> Clock.fixed(T0, java.time.ZoneOffset.UTC))
        .run(
            context ->
                assertThat(enrollmentOf(context).expiresAt())
                    .isEqualTo(T0.plus(Duration.ofMinutes(15))));
  }

  // ---- Micrometer -----------------------------------------------------------------------------

  @Test
  void micrometer_countsOutcomesByType() {
    runner
        .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
        .withUserConfiguration(MeterRegistryConfiguration.class)
        .run(
            context -> {
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              TwoFactorService service = context.getBean(TwoFactorService.class);
              assertThat(count(registry, "invalid")).isZero();
              Authenticator phone = Authenticator.enable(service, "alice", Clock.systemUTC());
              assertThat(service.verify("alice", "12345x").kind())
                  .isEqualTo(VerificationResult.Kind.MALFORMED);
              String code = phone.code(Clock.systemUTC());
              String wrong = code.equals("000000") ? "111111" : "000000";
              assertThat(service.verify("alice", wrong).kind())
                  .isEqualTo(VerificationResult.Kind.INVALID);
              assertThat(
                      service.useRecoveryCode("alice", phone.recoveryCodes().get(0)).isAccepted())
                  .isTrue();
              assertThat(service.disable("alice", phone.recoveryCodes().get(1)).isAccepted())
                  .isTrue();
              assertThat(count(registry, "enabled")).isEqualTo(1);
              assertThat(count(registry, "code_accepted")).isEqualTo(1);
              assertThat(count(registry, "malformed")).isEqualTo(1);
              assertThat(count(registry, "invalid")).isEqualTo(1);
              assertThat(count(registry, "recovery_code_used")).isEqualTo(2);
              assertThat(count(registry, "disabled")).isEqualTo(1);
              assertThat(count(registry, "replayed")).isZero();
              assertThat(count(registry, "throttled")).isZero();
            });
  }

  @Test
  void micrometer_notOnTheClassPath_noMetricsBean() {
    runner
        .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(TwoFactorMetrics.class);
            });
  }

  private static double count(MeterRegistry registry, String type) {
    return registry
        .get(TwoFactorMetrics.METER_NAME)
        .tag(TwoFactorMetrics.TYPE_TAG, type)
        .counter()
        .count();
  }

  @Configuration(proxyBeanMethods = false)
  static class MeterRegistryConfiguration {
    @Bean
    SimpleMeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }
  }

  // ---- security beans -------------------------------------------------------------------------

  @Test
  void security_servletApplication_resolverAndSessionsBeans() {
    new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TotpAutoConfiguration.class))
        .withPropertyValues("otpkit.totp.issuer=Photo Portal")
        .run(
            context -> {
              assertThat(context).hasSingleBean(AccountIdResolver.class);
              assertThat(context).hasSingleBean(TwoFactorSessions.class);
              assertThat(context.getBean(TwoFactorSessions.class))
                  .hasToString("TwoFactorSessions[no UserSessions]");
            });
  }

  @Test
  void security_notAWebApplication_noSecurityBeans() {
    runner.run(
        context -> {
          assertThat(context).doesNotHaveBean(AccountIdResolver.class);
          assertThat(context).doesNotHaveBean(TwoFactorSessions.class);
        });
  }

  @Test
  void security_springSecurityNotOnTheClassPath_noSecurityBeans() {
    new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TotpAutoConfiguration.class))
        .withPropertyValues("otpkit.totp.issuer=Photo Portal")
        .withClassLoader(
            new FilteredClassLoader(org.springframework.security.web.SecurityFilterChain.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(TwoFactorService.class);
              assertThat(context).doesNotHaveBean(TwoFactorSessions.class);
            });
  }

  @Test
  void security_sessionRegistryBean_endsOtherSessionsThroughIt() {
    new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TotpAutoConfiguration.class))
        .withPropertyValues("otpkit.totp.issuer=Photo Portal")
        .withBean(SessionRegistryImpl.class, SessionRegistryImpl::new)
        .run(
            context ->
                assertThat(context.getBean(TwoFactorSessions.class).toString())
                    .startsWith("TwoFactorSessions[")
                    .doesNotContain("no UserSessions"));
  }

  @Test
  void security_springSessionRepository_endsOtherSessionsThroughIt() {
    new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TotpAutoConfiguration.class))
        .withPropertyValues("otpkit.totp.issuer=Photo Portal")
        .withBean(SessionRegistryImpl.class, SessionRegistryImpl::new)
        .withBean(IndexedMapSessions.class, IndexedMapSessions::new)
        .run(
            context -> {
              assertThat(context.getBean(UserSessions.class))
                  .isInstanceOf(SpringSessionUserSessions.class);
              assertThat(context.getBean(TwoFactorSessions.class))
                  .hasToString("TwoFactorSessions[SpringSessionUserSessions[IndexedMapSessions]]");
            });
  }

  @Test
  void security_springSessionNotOnTheClassPath_sessionRegistryStillUsed() {
    new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TotpAutoConfiguration.class))
        .withPropertyValues("otpkit.totp.issuer=Photo Portal")
        .withClassLoader(new FilteredClassLoader(FindByIndexNameSessionRepository.class))
        .withBean(SessionRegistryImpl.class, SessionRegistryImpl::new)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(UserSessions.class);
              assertThat(context.getBean(TwoFactorSessions.class).toString())
                  .doesNotContain("no UserSessions");
            });
  }

  @Test
  void security_applicationUserSessions_winOverEverythingElse() {
    UserSessions mine = (user, keep) -> 0;
    new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TotpAutoConfiguration.class))
        .withPropertyValues("otpkit.totp.issuer=Photo Portal")
        .withBean(UserSessions.class, () -> mine)
        .withBean(IndexedMapSessions.class, IndexedMapSessions::new)
        .run(context -> assertThat(context.getBean(UserSessions.class)).isSameAs(mine));
  }

  /** A Spring Session repository indexed by principal name, in memory. */
  static final class IndexedMapSessions implements FindByIndexNameSessionRepository<MapSession> {
    final Map<String, MapSession> sessions = new HashMap<>();

    @Override
    public MapSession createSession() {
      return new MapSession();
    }

    @Override
    public void save(MapSession session) {
      sessions.put(session.getId(), session);
    }

    @Override
    public @Nullable MapSession findById(String id) {
      return sessions.get(id);
    }

    @Override
    public void deleteById(String id) {
      sessions.remove(id);
    }

    @Override
    public Map<String, MapSession> findByIndexNameAndIndexValue(String indexName, String value) {
      Map<String, MapSession> found = new HashMap<>();
      sessions.forEach(
          (id, s) -> {
            if (value.equals(s.getAttribute(PRINCIPAL_NAME_INDEX_NAME))) {
              found.put(id, s);
            }
          });
      return found;
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static Enrollment enrollmentOf(AssertableApplicationContext context) {
    assertThat(context).hasNotFailed();
    return context.getBean(TwoFactorService.class).startEnrollment("alice", "alice").orElseThrow();
  }

  private static InvalidTotpConfigurationException rootCause(@Nullable Throwable failure) {
    Throwable t = failure;
    while (t != null && !(t instanceof InvalidTotpConfigurationException)) {
      t = t.getCause();
    }
    assertThat(t).as("an InvalidTotpConfigurationException in %s", failure).isNotNull();
    return (InvalidTotpConfigurationException) Objects.requireNonNull(t);
  }

  private static DataSource h2(String name) {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:" + name + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    return ds;
  }

  private DataSource h2File(String name) {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:file:" + folder.resolve(name).toAbsolutePath());
    return ds;
  }

  private static Set<String> tables(DataSource dataSource) throws SQLException {
    Set<String> names = new TreeSet<>();
    try (Connection c = dataSource.getConnection();
        ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        names.add(rs.getString("TABLE_NAME"));
      }
    }
    return names;
  }
}
