package io.github.otpkit.totp.examples.portal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The portal's data folder ({@code ./portal-data} by default): the H2 database with the password
 * hashes, the recovery-code hashes and the encrypted authenticator secrets, and the key file.
 *
 * <p>A new folder is created owner-only (mode 700), so that no other local user can list it or open
 * the files in it, whatever mode H2 gives its files. An existing folder that group or others may
 * read, write or enter is refused at start with one line that says how to fix it, like the check of
 * the key file in {@link KeyFile}. On a file system without POSIX permissions (Windows, some
 * network shares) there are no modes to set or check: the folder is created with the system's
 * defaults, and keeping it private is left to the person who runs the portal.
 */
final class DataFolder {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rwx------");

  private DataFolder() {}

  /**
   * Creates the data folder owner-only if it is missing, or checks that an existing one is.
   *
   * @param dataFolder the folder, relative to the working directory or absolute
   * @return the folder's absolute, normalised path
   * @throws IOException if the folder cannot be created or others may use it; the message names the
   *     folder and the fix
   */
  static Path prepare(Path dataFolder) throws IOException {
    Path folder = dataFolder.toAbsolutePath().normalize();
    boolean posix = folder.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (!Files.isDirectory(folder)) {
      create(folder, posix);
    }
    if (posix) {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(folder);
      if (!OWNER_ONLY.containsAll(permissions)) {
        throw new IOException(
            "the data folder "
                + folder
                + " may be read by others ("
                + PosixFilePermissions.toString(permissions)
                + "): make it owner-only with chmod 700");
      }
    }
    return folder;
  }

  private static void create(Path folder, boolean posix) throws IOException {
    try {
      Path parent = folder.getParent();
      if (parent != null) {
        // Parents get the usual mode: only the data folder itself holds anything private.
        Files.createDirectories(parent);
      }
      if (posix) {
        // The mode is given at creation (and umask can only remove bits), so the folder is never
        // open to others, not even for a moment.
        Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      } else {
        Files.createDirectory(folder);
      }
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(folder)) {
        throw new IOException("the data folder " + folder + " is not a folder", e);
      }
      // Created meanwhile by another process: checked like any existing folder.
    } catch (IOException e) {
      throw new IOException("cannot create the data folder " + folder, e);
    }
  }
}
