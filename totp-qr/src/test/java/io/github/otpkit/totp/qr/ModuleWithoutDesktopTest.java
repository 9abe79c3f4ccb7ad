package io.github.otpkit.totp.qr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves that totp-qr works on a Java runtime without {@code java.desktop}, as its module
 * descriptor promises.
 *
 * <p>The unit tests run on the class path of a full JDK, where a stray {@code java.awt} or {@code
 * javax.imageio} reference would go unnoticed. So:
 *
 * <ol>
 *   <li>{@link #descriptor_requiresNoDesktopAndExportsOnlyTheApi()} reads the compiled {@code
 *       module-info.class}.
 *   <li>{@link #childJvm_withoutJavaDesktop_rendersEveryFormat()} writes a tiny module {@code
 *       otpkit.probe} that requires {@code io.github.otpkit.totp.qr}, compiles it with the
 *       in-process {@code javac} tool against the real module path (totp-qr's compiled classes with
 *       their {@code module-info}, totp-core, zxing-core, slf4j-api and commons-codec, each found
 *       through the code source of one of its classes on the test class path; jspecify is left out
 *       because it is {@code requires static}), and runs it in a child JVM with {@code
 *       --limit-modules java.base,java.logging,java.sql,otpkit.probe}. That option shrinks the set
 *       of observable modules to the closure of those names, so {@code java.desktop} does not exist
 *       in the child: any use of its classes, by our code or by zxing (an automatic module, which
 *       reads every module it can see), fails with {@code NoClassDefFoundError}. The probe checks
 *       that {@code java.awt.Color} cannot be loaded, renders PNG (1-bit grey-scale, palette,
 *       8-bit), SVG, terminal text and a data URI of a non-ASCII otpauth URI, hits the too-long
 *       error path, and writes the results to files; the test then requires them to equal the same
 *       renderings made in this JVM, and decodes the PNG. A jlink image without {@code
 *       java.desktop} would prove the same but costs seconds and 50 MB per run, and zxing (an
 *       automatic module) cannot go into the image anyway.
 *   <li>{@link #mainClasses_referenceNoDesktopPackage()} scans the constant pool of every main
 *       class for desktop package names, which also covers code paths the probe does not run.
 * </ol>
 */
class ModuleWithoutDesktopTest {
  private static final String PROBE_MODULE =
      """
      module otpkit.probe {
        requires io.github.otpkit.totp.qr;
      }
      """;

  private static final String PROBE_MAIN =
      """
      package otpkit.probe;

      import io.github.otpkit.totp.qr.PngFormat;
      import io.github.otpkit.totp.qr.QrColor;
      import io.github.otpkit.totp.qr.QrOptions;
      import io.github.otpkit.totp.qr.QrRenderer;
      import java.nio.file.Files;
      import java.nio.file.Path;
      import java.util.stream.Collectors;

      public final class Main {
        public static void main(String[] args) throws Exception {
          try {
            Class.forName("java.awt.Color");
            System.out.println("java.awt.Color is loadable");
            System.exit(3);
          } catch (ClassNotFoundException expected) {
            // the point of the exercise
          }
          Path dir = Path.of(args[0]);
          String text = Files.readString(dir.resolve("text.txt"));
          QrRenderer plain = QrRenderer.defaults();
          QrRenderer palette = QrRenderer.of(
              QrOptions.builder().foreground(QrColor.parse("#1B2A4E")).build());
          QrRenderer grey = QrRenderer.of(QrOptions.builder().pngFormat(PngFormat.GREYSCALE)
              .foreground(QrColor.parse("#202020")).build());
          Files.write(dir.resolve("plain.png"), plain.png(text));
          Files.write(dir.resolve("palette.png"), palette.png(text));
          Files.write(dir.resolve("grey.png"), grey.png(text));
          Files.writeString(dir.resolve("code.svg"), plain.svg(text));
          Files.writeString(dir.resolve("terminal.txt"), plain.terminal(text));
          Files.writeString(dir.resolve("data-uri.txt"), plain.pngDataUri(text));
          try {
            plain.png("x".repeat(3000));
          } catch (IllegalArgumentException e) {
            Files.writeString(dir.resolve("error.txt"), e.getMessage());
          }
          System.out.println(ModuleLayer.boot().modules().stream().map(Module::getName).sorted()
              .collect(Collectors.joining(",")));
        }
      }
      """;

  private static final List<String> DESKTOP_PACKAGES =
      List.of(
          "java/awt/",
          "javax/imageio/",
          "javax/swing/",
          "java/applet/",
          "javax/sound/",
          "java/beans/",
          "javax/print/",
          "javax/accessibility/");

  @TempDir Path dir;

  @Test
  void descriptor_requiresNoDesktopAndExportsOnlyTheApi() throws Exception {
    ModuleDescriptor descriptor =
        ModuleFinder.of(codeSource(QrRenderer.class))
            .find("io.github.otpkit.totp.qr")
            .orElseThrow()
            .descriptor();

    assertThat(descriptor.exports())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.source()).isEqualTo("io.github.otpkit.totp.qr");
              assertThat(e.isQualified()).isFalse();
            });
    assertThat(descriptor.packages())
        .containsExactlyInAnyOrder("io.github.otpkit.totp.qr", "io.github.otpkit.totp.qr.internal");
    assertThat(descriptor.requires().stream().map(ModuleDescriptor.Requires::name))
        .containsExactlyInAnyOrder(
            "java.base",
            "io.github.otpkit.totp",
            "com.google.zxing",
            "org.jspecify",
            "com.google.errorprone.annotations");
    assertThat(descriptor.requires())
        .filteredOn(
            r ->
                r.name().equals("org.jspecify")
                    || r.name().equals("com.google.errorprone.annotations"))
        .hasSize(2)
        .allSatisfy(
            r -> assertThat(r.modifiers()).contains(ModuleDescriptor.Requires.Modifier.STATIC));
    assertThat(descriptor.requires())
        .filteredOn(r -> r.name().equals("io.github.otpkit.totp"))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.modifiers())
                    .as("OtpAuthUri appears in the API, so totp-core is required transitively")
                    .contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE));
  }

  @Test
  void childJvm_withoutJavaDesktop_rendersEveryFormat() throws Exception {
    Set<Path> modulePath = new LinkedHashSet<>();
    modulePath.add(codeSource(QrRenderer.class));
    for (String type :
        List.of(
            "io.github.otpkit.totp.OtpSecret",
            "com.google.zxing.qrcode.encoder.Encoder",
            "org.slf4j.LoggerFactory",
            "org.apache.commons.codec.binary.Base32")) {
      modulePath.add(codeSource(Class.forName(type)));
    }
    String libraries =
        modulePath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));

    Path sources = Files.createDirectories(dir.resolve("src/otpkit/probe"));
    Path moduleInfo = Files.writeString(dir.resolve("src/module-info.java"), PROBE_MODULE);
    Path main = Files.writeString(sources.resolve("Main.java"), PROBE_MAIN);
    Path classes = Files.createDirectories(dir.resolve("classes"));
    ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow();
    StringWriter compilerOutput = new StringWriter();
    PrintWriter compilerWriter = new PrintWriter(compilerOutput);
    int compiled =
        javac.run(
            compilerWriter,
            compilerWriter,
            "--module-path",
            libraries,
            "-d",
            classes.toString(),
            moduleInfo.toString(),
            main.toString());
    compilerWriter.flush();
    assertThat(compiled).as("javac: %s", compilerOutput).isZero();

    Path work = Files.createDirectories(dir.resolve("work"));
    Files.writeString(work.resolve("text.txt"), TestTexts.NON_ASCII);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--limit-modules");
    command.add("java.base,java.logging,java.sql,otpkit.probe");
    command.add("--module-path");
    command.add(classes + File.pathSeparator + libraries);
    command.add("--module");
    command.add("otpkit.probe/otpkit.probe.Main");
    command.add(work.toString());
    Path stdout = dir.resolve("stdout.txt");
    Path stderr = dir.resolve("stderr.txt");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    process.getOutputStream().close();
    boolean finished = process.waitFor(2, TimeUnit.MINUTES);
    if (!finished) {
      process.destroyForcibly();
    }
    assertThat(finished).as("child JVM finished").isTrue();
    assertThat(process.exitValue())
        .as(
            "child JVM exit code; stdout: %s; stderr: %s",
            Files.readString(stdout), Files.readString(stderr))
        .isZero();

    List<String> modules = List.of(Files.readString(stdout).strip().split(",", -1));
    assertThat(modules)
        .contains("io.github.otpkit.totp.qr", "io.github.otpkit.totp", "com.google.zxing")
        .doesNotContain("java.desktop", "java.datatransfer");

    String text = TestTexts.NON_ASCII;
    QrRenderer plain = QrRenderer.defaults();
    assertThat(work.resolve("plain.png")).hasBinaryContent(plain.png(text));
    assertThat(work.resolve("palette.png"))
        .hasBinaryContent(
            QrRenderer.of(QrOptions.builder().foreground(QrColor.parse("#1B2A4E")).build())
                .png(text));
    assertThat(work.resolve("grey.png"))
        .hasBinaryContent(
            QrRenderer.of(
                    QrOptions.builder()
                        .pngFormat(PngFormat.GREYSCALE)
                        .foreground(QrColor.parse("#202020"))
                        .build())
                .png(text));
    assertThat(Files.readString(work.resolve("code.svg"))).isEqualTo(plain.svg(text));
    assertThat(Files.readString(work.resolve("terminal.txt"))).isEqualTo(plain.terminal(text));
    assertThat(Files.readString(work.resolve("data-uri.txt"))).isEqualTo(plain.pngDataUri(text));
    assertThat(Files.readString(work.resolve("error.txt")))
        .startsWith("text is too long for a QR code at error correction level M: 3000 bytes");
    assertThat(Decoders.zxingFromPng(Files.readAllBytes(work.resolve("palette.png"))).getText())
        .isEqualTo(text);
  }

  @Test
  void mainClasses_referenceNoDesktopPackage() throws Exception {
    Path root = codeSource(QrRenderer.class);
    List<Path> classFiles;
    try (Stream<Path> files = Files.walk(root)) {
      classFiles = files.filter(f -> f.toString().endsWith(".class")).toList();
    }
    assertThat(classFiles).hasSizeGreaterThan(10);
    for (Path classFile : classFiles) {
      // Class names referenced by a class file are stored as plain modified-UTF-8 constants.
      String constants = new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1);
      for (String desktop : DESKTOP_PACKAGES) {
        assertThat(constants).as("%s references %s", classFile, desktop).doesNotContain(desktop);
      }
    }
  }

  private static Path codeSource(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
