package io.github.otpkit.totp.examples.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes an output file all at once or not at all: the content goes to a temporary file in the same
 * folder, readable and writable by the owner only (it may carry a secret), is flushed to the disk,
 * and only then takes the file's name. Whoever reads the file sees the old content or the whole new
 * content, never a half-written file; after a failure no temporary file is left.
 *
 * <p>An existing file is kept unless {@code replace} is set: the new file takes the name with a
 * hard link, which the operating system refuses atomically if the name exists (on file systems
 * without hard links: a check, then an atomic rename). With {@code replace}, an atomic rename
 * replaces the old file (or a symbolic link of that name, never the file the link points to).
 */
final class OutputFile {
  private OutputFile() {}

  /**
   * Checks, before any work is done, that the file can be written: its folder exists and, unless
   * {@code replace}, the file does not.
   *
   * @param option the option's name, for messages
   * @param file the file
   * @param replace whether an existing file may be replaced
   * @throws BadInputException if it cannot be written
   */
  static void check(String option, Path file, boolean replace) {
    Path target = file.toAbsolutePath().normalize();
    Path folder = target.getParent();
    if (folder == null || !Files.isDirectory(folder)) {
      throw new BadInputException(option + ": the folder of " + file + " does not exist");
    }
    if (Files.isDirectory(target)) {
      throw new BadInputException(option + ": " + file + " is a folder");
    }
    if (!replace && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new BadInputException(option + ": " + file + " exists (add --force to replace it)");
    }
  }

  /**
   * Writes the file atomically.
   *
   * @param option the option's name, for messages
   * @param file the file
   * @param content the complete content
   * @param replace whether an existing file may be replaced
   * @throws BadInputException if the file exists (without {@code replace}) or cannot be written
   */
  static void write(String option, Path file, byte[] content, boolean replace) {
    check(option, file, replace);
    Path target = file.toAbsolutePath().normalize();
    Path folder = target.getParent();
    if (folder == null) {
      throw new BadInputException(option + ": the folder of " + file + " does not exist");
    }
    Path temporary = null;
    try {
      temporary =
          Files.createTempFile(folder, "." + target.getFileName() + ".", ".tmp", ownerOnly(folder));
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      if (replace) {
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
      } else {
        link(option, file, target, temporary);
      }
    } catch (IOException e) {
      throw new BadInputException(option + ": cannot write " + file + " (" + reason(e) + ")");
    } finally {
      if (temporary != null) {
        try {
          Files.deleteIfExists(temporary);
        } catch (IOException e) {
          // Nothing better to do: the file is hidden, owner-only, and named after the output.
        }
      }
    }
  }

  private static void link(String option, Path file, Path target, Path temporary)
      throws IOException {
    try {
      Files.createLink(target, temporary);
    } catch (FileAlreadyExistsException e) {
      throw new BadInputException(option + ": " + file + " exists (add --force to replace it)");
    } catch (UnsupportedOperationException | FileSystemException e) {
      // No hard links on this file system: check, then rename (a small window remains).
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        throw new BadInputException(option + ": " + file + " exists (add --force to replace it)");
      }
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  private static FileAttribute<?>[] ownerOnly(Path folder) {
    if (folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[] {
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
      };
    }
    return new FileAttribute<?>[0];
  }

  private static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException fse && fse.getReason() != null) {
      return fse.getReason();
    }
    return "I/O error";
  }
}
