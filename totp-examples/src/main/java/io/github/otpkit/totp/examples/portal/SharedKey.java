package io.github.otpkit.totp.examples.portal;

import io.github.otpkit.totp.crypto.EncryptionKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The encryption key of a portal on a shared database: every node must encrypt and decrypt the
 * authenticator secrets with the same key, so it comes from outside, never from a node's own data
 * folder. Either the environment variable {@value #VARIABLE} (the name the Spring Boot starter
 * reads for its {@code otpkit.totp.encryption.key}, so one secret serves both) or a key file that
 * the nodes share ({@code --key-file}, checked like the data folder's key file in {@link KeyFile}).
 * Without either the portal refuses to start: a key generated on one node would differ from every
 * other node's, and their secrets could not be read elsewhere.
 *
 * <p>The key id is {@value KeyFile#KEY_ID} whichever way the key comes. The key never appears in a
 * log line or a message.
 */
final class SharedKey {
  /** The environment variable with the key: Base64 of 32 bytes. */
  static final String VARIABLE = "OTPKIT_TOTP_ENCRYPTION_KEY";

  /** How to make a key, in every message about a missing one. */
  static final String HOW_TO_MAKE_ONE = "make one with: openssl rand -base64 32";

  private SharedKey() {}

  /**
   * Loads the shared key.
   *
   * @param keyFile the {@code --key-file}, if given
   * @param environment the process environment ({@code System::getenv})
   * @return the key
   * @throws IOException if no key is given, both are given, or the one given is not a key; one line
   *     that says how to fix it
   */
  static EncryptionKey load(@Nullable Path keyFile, Function<String, @Nullable String> environment)
      throws IOException {
    String value = environment.apply(VARIABLE);
    boolean inEnvironment = value != null && !value.isBlank();
    if (keyFile != null && inEnvironment) {
      throw new IOException(
          "the encryption key is given twice, in "
              + VARIABLE
              + " and with --key-file: give it one way only");
    }
    if (keyFile != null) {
      return KeyFile.read(keyFile);
    }
    if (value == null || !inEnvironment) {
      throw new IOException(
          "--database needs the encryption key that all nodes share: set "
              + VARIABLE
              + " or give --key-file FILE ("
              + HOW_TO_MAKE_ONE
              + ")");
    }
    try {
      return EncryptionKey.fromBase64(KeyFile.KEY_ID, value.strip());
    } catch (IllegalArgumentException e) {
      // EncryptionKey's messages never contain the key.
      String reason = String.valueOf(e.getMessage());
      throw new IOException(
          VARIABLE
              + " does not hold a key: "
              + reason
              + (reason.contains("openssl") ? "" : " (" + HOW_TO_MAKE_ONE + ")"));
    }
  }
}
