package io.github.otpkit.totp.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar totp.jar portal} as a real process, as a person runs it: the ready line on
 * standard output, one portal per data folder, an owner-only data folder, and a graceful stop on
 * SIGTERM (what Ctrl-C's SIGINT also triggers: the JVM's shutdown hooks). Runs in the
 * integration-test phase, against the packaged jar (see {@link TotpJar}).
 */
class PortalProcessTest {
  private static final Pattern READY =
      Pattern.compile("Photo Portal running at (http://127\\.0\\.0\\.1:\\d+/)\\R");

  @TempDir Path work;

  private Process startPortal(Path data, String name) throws IOException {
    return new ProcessBuilder(TotpJar.command("portal", "--port", "0", "--data", data.toString()))
        .redirectOutput(work.resolve(name + ".out").toFile())
        .redirectError(work.resolve(name + ".err").toFile())
        .start();
  }

  private String output(String file) throws IOException {
    return Files.readString(work.resolve(file), StandardCharsets.UTF_8);
  }

  /** Waits for the ready line (or the end of the process), polling the output file. */
  private String awaitReadyLine(Process process, String name) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      String out = output(name + ".out");
      if (out.contains("\n") || !process.isAlive()) {
        return out;
      }
      Thread.sleep(50);
    }
    return output(name + ".out");
  }

  @Test
  void portal_printsReadyLine_servesPages_refusesSecondPortal_stopsOnSigterm() throws Exception {
    Path data = work.resolve("data");
    Process portal = startPortal(data, "first");
    try {
      String out = awaitReadyLine(portal, "first");
      Matcher ready = READY.matcher(out);
      assertThat(ready.matches()).as("standard output: %s", out).isTrue();

      HttpResponse<String> home =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(ready.group(1))).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(home.statusCode()).isEqualTo(200);
      assertThat(home.body()).contains("<title>Photos · Photo Portal</title>");

      Process second = startPortal(data, "second");
      assertThat(second.waitFor(90, TimeUnit.SECONDS)).isTrue();
      assertThat(second.exitValue()).isEqualTo(2);
      assertThat(output("second.out")).isEmpty();
      assertThat(output("second.err"))
          .isEqualTo(
              "error: the data folder "
                  + data.toAbsolutePath().normalize()
                  + " is in use by another running Photo Portal"
                  + System.lineSeparator());

      portal.destroy(); // SIGTERM
      assertThat(portal.waitFor(90, TimeUnit.SECONDS)).isTrue();
      assertThat(portal.exitValue()).isEqualTo(143);
      assertThat(output("first.err")).contains("Photo Portal stopped").doesNotContain("Exception");
      assertThat(output("first.out")).isEqualTo(out);
    } finally {
      portal.destroyForcibly();
    }
  }

  @Test
  void portal_dataFolderOthersMayRead_exitsTwoWithOneErrorLine() throws Exception {
    Path data = Files.createDirectory(work.resolve("shared-data"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));

    Process portal = startPortal(data, "shared");
    try {
      assertThat(portal.waitFor(90, TimeUnit.SECONDS)).isTrue();
      assertThat(portal.exitValue()).isEqualTo(2);
      assertThat(output("shared.out")).isEmpty();
      assertThat(output("shared.err"))
          .isEqualTo(
              "error: the data folder "
                  + data.toAbsolutePath().normalize()
                  + " may be read by others (rwxr-xr-x): make it owner-only with chmod 700"
                  + System.lineSeparator());
    } finally {
      portal.destroyForcibly();
    }
  }

  @Test
  void portal_newDataFolder_isOwnerOnly() throws Exception {
    Path data = work.resolve("new-data");
    Process portal = startPortal(data, "new");
    try {
      assertThat(READY.matcher(awaitReadyLine(portal, "new")).matches()).isTrue();

      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
          .isEqualTo("rwx------");
    } finally {
      portal.destroy();
      portal.waitFor(90, TimeUnit.SECONDS);
      portal.destroyForcibly();
    }
  }
}
