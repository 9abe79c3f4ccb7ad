package io.github.otpkit.totp.examples.portal;

import io.github.otpkit.totp.crypto.EncryptionKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;

/**
 * The AES-256 key that encrypts the authenticator secrets in the portal's database, kept in a file
 * of its own in the data folder: {@value #FILE_NAME}, one line of Base64, readable and writable by
 * the owner only.
 *
 * <p>The first start generates the key with {@link SecureRandom} and writes it atomically (a
 * temporary file created with mode 600, then linked to its name, so that no other process ever sees
 * a partial or readable key). Later starts read it, and refuse a key file that others may read. The
 * key never appears in a log line or a message.
 *
 * <p>A demo shortcut: a real portal keeps this key out of its data folder and its database backups
 * altogether, in a secret manager or an environment variable ({@link
 * EncryptionKey#fromEnvironment}), so that a stolen database alone reveals no secret.
 */
final class KeyFile {
  /** The key file's name in the data folder. */
  static final String FILE_NAME = "secret-encryption.key";

  /** The key id stored with every ciphertext; a rotation would add "portal-2". */
  static final String KEY_ID = "portal-1";

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private KeyFile() {}

  /**
   * Loads the key from the data folder, generating it on the first start.
   *
   * @param dataFolder the portal's data folder, which exists
   * @param random the source of a new key
   * @return the key
   * @throws IOException if the file cannot be created or read, is readable by others or is not a
   *     key; the message names the file, never the key
   */
  static EncryptionKey loadOrCreate(Path dataFolder, SecureRandom random) throws IOException {
    Path folder = dataFolder.toAbsolutePath().normalize();
    Path file = folder.resolve(FILE_NAME);
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      create(folder, file, random);
    }
    return load(folder, file);
  }

  /**
   * Reads a key file that exists already: the key that the nodes of a shared database share ({@code
   * totp portal --database URL --key-file FILE}). Checked like the data folder's key file: a
   * regular file, owner-only, one line of Base64 of {@value EncryptionKey#KEY_BYTES} bytes. It is
   * never created here: a key made on one node would differ from the others'.
   *
   * @param keyFile the file
   * @return the key, with the id {@value #KEY_ID}
   * @throws IOException if the file is missing, readable by others or not a key; the message names
   *     the file and the fix, never the key
   */
  static EncryptionKey read(Path keyFile) throws IOException {
    Path file = keyFile.toAbsolutePath().normalize();
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(
          "the key file "
              + file
              + " does not exist: make one with (umask 077; openssl rand -base64 32 > "
              + file
              + ") and give every node the same file");
    }
    return load(file.getParent() == null ? file : file.getParent(), file);
  }

  private static void create(Path folder, Path file, SecureRandom random) throws IOException {
    byte[] key = new byte[EncryptionKey.KEY_BYTES];
    random.nextBytes(key);
    byte[] line =
        (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII);
    Arrays.fill(key, (byte) 0);
    Path temporary =
        posix(folder)
            ? Files.createTempFile(
                folder, ".key-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
            : Files.createTempFile(folder, ".key-", ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(line);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.createLink(file, temporary);
      } catch (FileAlreadyExistsException e) {
        // Created meanwhile: the existing key wins (the database is encrypted under it).
      }
    } finally {
      Arrays.fill(line, (byte) 0);
      Files.deleteIfExists(temporary);
    }
  }

  private static EncryptionKey load(Path folder, Path file) throws IOException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("the key file " + file + " is not a regular file");
    }
    if (posix(folder)) {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      if (!OWNER_ONLY.containsAll(permissions)) {
        throw new IOException(
            "the key file "
                + file
                + " may be read by others ("
                + PosixFilePermissions.toString(permissions)
                + "): make it owner-only with chmod 600");
      }
    }
    byte[] bytes = Files.readAllBytes(file);
    try {
      String text = new String(bytes, StandardCharsets.US_ASCII).strip();
      return EncryptionKey.fromBase64(KEY_ID, text);
    } catch (IllegalArgumentException e) {
      // EncryptionKey's messages never contain the key.
      throw new IOException("the key file " + file + " does not hold a key: " + e.getMessage(), e);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private static boolean posix(Path folder) {
    return folder.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
