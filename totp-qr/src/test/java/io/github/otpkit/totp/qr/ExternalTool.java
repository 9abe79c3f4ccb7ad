package io.github.otpkit.totp.qr;

import static org.assertj.core.api.Assertions.fail;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.github.otpkit.totp.testsupport.Requirements;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command-line program from a Debian package that a test runs as an independent check.
 *
 * <p>When the program is missing, the test is skipped with the reason, except when the environment
 * variable {@code CI} is set: then it fails, so that CI cannot go green without the check ({@link
 * Requirements}).
 */
final class ExternalTool {
  /** zbarimg, Debian package zbar-tools: an independent QR decoder. */
  static final ExternalTool ZBARIMG = new ExternalTool("zbarimg", "zbar-tools");

  /** rsvg-convert, Debian package librsvg2-bin: rasterises SVG to PNG. */
  static final ExternalTool RSVG_CONVERT = new ExternalTool("rsvg-convert", "librsvg2-bin");

  /** qrencode, Debian package qrencode: the reference for PNG file size. */
  static final ExternalTool QRENCODE = new ExternalTool("qrencode", "qrencode");

  private static final long TIMEOUT_SECONDS = 60;

  private final String name;
  private final String debianPackage;

  ExternalTool(String name, String debianPackage) {
    this.name = name;
    this.debianPackage = debianPackage;
  }

  /** The outcome of one run. */
  @SuppressWarnings("ArrayRecordComponent") // test-only carrier, read once and never compared
  record Result(int exitCode, byte[] stdout, String stderr) {}

  /** Returns the program's path, or skips (locally) or fails (with CI set) the test. */
  @CanIgnoreReturnValue
  Path require() {
    return Requirements.tool(name, debianPackage);
  }

  /** Runs the program with the arguments; fails the test on a timeout. */
  Result run(Path workDir, String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(require().toString());
    command.addAll(List.of(arguments));
    Path out = Files.createTempFile(workDir, name, ".out");
    Path err = Files.createTempFile(workDir, name, ".err");
    Process process =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    process.getOutputStream().close();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail(name + " did not finish within " + TIMEOUT_SECONDS + " s");
    }
    return new Result(process.exitValue(), Files.readAllBytes(out), Files.readString(err));
  }
}
