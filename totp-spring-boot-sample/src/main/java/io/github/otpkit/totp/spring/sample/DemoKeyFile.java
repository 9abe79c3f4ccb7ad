package io.github.otpkit.totp.spring.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The demo's encryption key, so that the sample starts with one command: when {@code
 * otpkit.totp.encryption.key} is not set, a key is read from (or, the first time, written to)
 * {@code <portal.data>/totp-encryption.key}, readable by the owner only.
 *
 * <p>A demo shortcut, not a pattern to copy: in production the key comes from a secret manager or
 * the environment ({@code OTPKIT_TOTP_ENCRYPTION_KEY}), never from a file next to the database, and
 * without it the starter refuses to start.
 */
final class DemoKeyFile implements ApplicationContextInitializer<ConfigurableApplicationContext> {
  private static final Logger LOG = LoggerFactory.getLogger(DemoKeyFile.class);
  static final String KEY_ID = "demo-1";

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    ConfigurableEnvironment environment = context.getEnvironment();
    String configured = environment.getProperty("otpkit.totp.encryption.key");
    if (configured != null && !configured.isBlank()) {
      return;
    }
    Path folder = Path.of(environment.getProperty("portal.data", "./portal-data"));
    Path file = folder.resolve("totp-encryption.key");
    String key = readOrCreate(file);
    environment
        .getPropertySources()
        .addLast(
            new MapPropertySource(
                "demoKeyFile",
                Map.of(
                    "otpkit.totp.encryption.key", key,
                    "otpkit.totp.encryption.key-id", KEY_ID)));
    LOG.warn(
        "Demo only: two-factor secrets are encrypted with the key in {}. In production, set"
            + " OTPKIT_TOTP_ENCRYPTION_KEY (openssl rand -base64 32) and"
            + " OTPKIT_TOTP_ENCRYPTION_KEYID from a secret manager instead.",
        file.toAbsolutePath());
  }

  private static String readOrCreate(Path file) {
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.US_ASCII).strip();
      }
      Files.createDirectories(file.toAbsolutePath().getParent());
      byte[] raw = new byte[32];
      new SecureRandom().nextBytes(raw);
      String key = Base64.getEncoder().encodeToString(raw);
      try {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(file);
      } catch (FileAlreadyExistsException e) {
        return Files.readString(file, StandardCharsets.US_ASCII).strip();
      }
      Files.writeString(file, key + "\n", StandardCharsets.US_ASCII);
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the demo key file " + file, e);
    }
  }
}
