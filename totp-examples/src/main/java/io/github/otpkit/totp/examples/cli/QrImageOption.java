package io.github.otpkit.totp.examples.cli;

import io.github.otpkit.totp.InvalidUriException;
import io.github.otpkit.totp.OtpAuthUri;
import io.github.otpkit.totp.test.QrScanException;
import io.github.otpkit.totp.test.QrScanner;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The {@code --qr FILE} option of {@code code}: an image of a QR code that holds an otpauth URI,
 * read as an authenticator app's camera reads it (totp-test's {@link QrScanner}).
 *
 * <p>{@code -} reads the image from standard input. Errors say what is wrong with the file or the
 * image and never repeat the file name (a URI pasted by mistake would carry its secret), the QR
 * code's text or the URI.
 */
final class QrImageOption {
  @Option(
      names = "--qr",
      paramLabel = "FILE",
      description =
          "Image of a QR code that holds an otpauth URI (PNG, JPEG, GIF, BMP, TIFF or SVG), or - to"
              + " read it from standard input.")
  private @Nullable String file;

  /** Whether {@code --qr} was given. */
  boolean isGiven() {
    return file != null;
  }

  /**
   * Reads the image, finds the QR code and parses its otpauth URI.
   *
   * @param context where standard input comes from
   * @return the URI
   * @throws IllegalStateException if {@code --qr} was not given
   * @throws BadInputException if the file cannot be read, is not an image, holds no QR code, or the
   *     QR code holds no valid otpauth URI
   */
  OtpAuthUri read(CliContext context) {
    String given = file;
    if (given == null) {
      throw new IllegalStateException("--qr was not given");
    }
    boolean fromStdin = "-".equals(given);
    String where = fromStdin ? "QR code image from standard input: " : "--qr: ";
    String text;
    try {
      text = fromStdin ? QrScanner.read(readStandardInput(context, where)) : readFile(given, where);
    } catch (QrScanException e) {
      // The scanner's messages describe the image, never the text of a QR code.
      throw new BadInputException(where + e.getMessage());
    }
    try {
      return OtpAuthUri.parse(text);
    } catch (InvalidUriException e) {
      // The parser's messages name the part that is wrong, never the secret or the URI.
      throw new BadInputException(
          where + "the QR code does not hold a valid otpauth URI: " + e.getMessage());
    }
  }

  private static String readFile(String name, String where) {
    Path path;
    try {
      path = Path.of(name);
    } catch (InvalidPathException e) {
      throw new BadInputException(where + "not a valid file name");
    }
    if (Files.isDirectory(path)) {
      throw new BadInputException(where + "a folder, not an image file");
    }
    try {
      return QrScanner.read(path);
    } catch (NoSuchFileException e) {
      throw new BadInputException(where + "no such file");
    } catch (AccessDeniedException e) {
      throw new BadInputException(where + "permission denied");
    } catch (IOException e) {
      throw new BadInputException(where + "the file cannot be read");
    }
  }

  private static byte[] readStandardInput(CliContext context, String where) {
    byte[] bytes;
    try {
      bytes = context.in().readNBytes(QrScanner.MAX_FILE_BYTES + 1);
    } catch (IOException e) {
      throw new BadInputException(where + "standard input cannot be read");
    }
    if (bytes.length > QrScanner.MAX_FILE_BYTES) {
      throw new BadInputException(
          where + "longer than " + QrScanner.MAX_FILE_BYTES + " bytes, too large for an image");
    }
    if (bytes.length == 0) {
      throw new BadInputException(where + "nothing to read");
    }
    return bytes;
  }
}
