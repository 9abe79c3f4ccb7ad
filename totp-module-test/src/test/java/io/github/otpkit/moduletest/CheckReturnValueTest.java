package io.github.otpkit.moduletest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's build with Error Prone refuses code that ignores a result: the exported packages are
 * {@code @CheckReturnValue}, so {@code service.verify(...)} on its own line does not compile. The
 * consumer is compiled by a separate {@code javac} with Error Prone as a user's build would run it,
 * with only totp-core on its class path (the annotations jar is not needed there).
 */
class CheckReturnValueTest {
  private static final List<String> JAVAC_EXPORTS =
      List.of("api", "file", "main", "model", "parser", "processing", "tree", "util");

  @TempDir Path dir;

  @Test
  void ignoredVerifyResult_doesNotCompile_usedResultDoes() throws Exception {
    String ignored =
        """
        class Consumer {
          void signIn(io.github.otpkit.totp.auth.TwoFactorService s) {
            s.verify("alice", "123456");
          }
        }
        """;
    String used =
        """
        class Consumer {
          boolean signIn(io.github.otpkit.totp.auth.TwoFactorService s) {
            return s.verify("alice", "123456").isAccepted();
          }
        }
        """;

    Result refused = compile(ignored);
    assertThat(refused.exitCode()).as(refused.output()).isNotZero();
    assertThat(refused.output())
        .contains("[CheckReturnValue] The result of `verify(...)` must be used");

    Result accepted = compile(used);
    assertThat(accepted.exitCode()).as(accepted.output()).isZero();
  }

  @Test
  void ignoredStoreWrite_doesNotCompile() throws Exception {
    String ignored =
        """
        class Custom {
          void charge(
              io.github.otpkit.totp.store.AccountStateStore store,
              io.github.otpkit.totp.store.AccountState read) {
            store.updateState(read, read.charged(java.time.Instant.now()));
          }
        }
        """;

    Result refused = compile(ignored);
    assertThat(refused.exitCode()).as(refused.output()).isNotZero();
    assertThat(refused.output())
        .contains("[CheckReturnValue] The result of `updateState(...)` must be used");
  }

  private record Result(int exitCode, String output) {}

  private Result compile(String source) throws IOException, InterruptedException {
    Path src = dir.resolve(source.startsWith("class Consumer") ? "Consumer.java" : "Custom.java");
    Files.writeString(src, source, StandardCharsets.UTF_8);
    Path out = Files.createDirectories(dir.resolve("out"));
    List<String> paths = new ArrayList<>();
    for (String property : List.of("jdk.module.path", "java.class.path")) {
      String value = System.getProperty(property, "");
      paths.addAll(Arrays.asList(value.split(File.pathSeparator)));
    }
    paths.removeIf(String::isBlank);
    String otpkitCore =
        paths.stream()
            .filter(p -> p.contains("totp-core"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("totp-core is not on the test's path: " + paths));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "javac").toString());
    for (String pkg : JAVAC_EXPORTS) {
      command.add("-J--add-exports=jdk.compiler/com.sun.tools.javac." + pkg + "=ALL-UNNAMED");
    }
    command.add("-J--add-opens=jdk.compiler/com.sun.tools.javac.code=ALL-UNNAMED");
    command.add("-J--add-opens=jdk.compiler/com.sun.tools.javac.comp=ALL-UNNAMED");
    command.addAll(
        List.of(
            "-XDcompilePolicy=simple",
            "--should-stop=ifError=FLOW",
            "-Xplugin:ErrorProne",
            "-processorpath",
            paths.stream().collect(Collectors.joining(File.pathSeparator)),
            "-cp",
            otpkitCore,
            "-d",
            out.toString(),
            src.toString()));
    Process javac = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(javac.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(javac.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(javac.exitValue(), output);
  }
}
