package io.github.otpkit.totp.examples.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.crypto.EncryptionKey;
import io.github.otpkit.totp.crypto.SecretCipher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFileTest {
  @TempDir Path data;

  @Test
  void loadOrCreate_firstStart_writesOneOwnerOnlyLineOfBase64AndNothingElse() throws Exception {
    KeyFile.loadOrCreate(data, new SecureRandom());

    Path file = data.resolve(KeyFile.FILE_NAME);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(file)).matches("[A-Za-z0-9+/]{43}=\n");
    try (Stream<Path> files = Files.list(data)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void loadOrCreate_laterStarts_readTheSameKey() throws Exception {
    EncryptionKey first = KeyFile.loadOrCreate(data, new SecureRandom());
    OtpSecret secret = OtpSecret.generate();
    var encrypted = SecretCipher.create(first).encrypt("42", secret);

    EncryptionKey again = KeyFile.loadOrCreate(data, new SecureRandom());

    assertThat(again.id()).isEqualTo(KeyFile.KEY_ID);
    assertThat(SecretCipher.create(again).decrypt("42", encrypted).sameKeyAs(secret)).isTrue();
  }

  @Test
  void loadOrCreate_twoDataFolders_haveDifferentKeys() throws Exception {
    Path other = Files.createDirectory(data.resolve("other"));
    EncryptionKey one = KeyFile.loadOrCreate(data, new SecureRandom());
    EncryptionKey two = KeyFile.loadOrCreate(other, new SecureRandom());
    var encrypted = SecretCipher.create(one).encrypt("42", OtpSecret.generate());

    assertThatThrownBy(() -> SecretCipher.create(two).decrypt("42", encrypted))
        .isInstanceOf(RuntimeException.class);
  }

  @Test
  void loadOrCreate_fileThatIsNotAKey_isRefusedWithoutQuotingIt() throws Exception {
    Path file = data.resolve(KeyFile.FILE_NAME);
    Files.writeString(file, "c2VjcmV0IGJ1dCB0b28gc2hvcnQ=\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

    assertThatThrownBy(() -> KeyFile.loadOrCreate(data, new SecureRandom()))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("the key file " + file + " does not hold a key: ")
        .message()
        .doesNotContain("c2VjcmV0");
  }

  @Test
  void loadOrCreate_keyFileReadableByGroup_isRefused() throws Exception {
    KeyFile.loadOrCreate(data, new SecureRandom());
    Path file = data.resolve(KeyFile.FILE_NAME);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

    assertThatThrownBy(() -> KeyFile.loadOrCreate(data, new SecureRandom()))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "the key file "
                + file
                + " may be read by others (rw-r-----): make it owner-only with chmod 600");
  }

  @Test
  void loadOrCreate_keyFileIsASymbolicLink_isRefused() throws Exception {
    Path elsewhere = Files.createDirectory(data.resolve("elsewhere"));
    KeyFile.loadOrCreate(elsewhere, new SecureRandom());
    Path link =
        Files.createSymbolicLink(
            data.resolve(KeyFile.FILE_NAME), elsewhere.resolve(KeyFile.FILE_NAME));

    assertThatThrownBy(() -> KeyFile.loadOrCreate(data, new SecureRandom()))
        .isInstanceOf(IOException.class)
        .hasMessage("the key file " + link + " is not a regular file");
  }
}
