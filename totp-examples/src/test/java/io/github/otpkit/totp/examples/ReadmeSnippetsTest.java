package io.github.otpkit.totp.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of the repository's README.md compiles and runs (house style rule
 * 14), and the machinery that checks it works on scratch READMEs.
 */
class ReadmeSnippetsTest {
  private static final String RAN = "otpkit.readme.test.ran";

  @TempDir Path work;

  @AfterEach
  void clearMarker() {
    System.clearProperty(RAN);
  }

  /** The repository's README.md, one folder above the totp-examples module. */
  static Path repositoryReadme() {
    String basedir = System.getProperty("basedir", System.getProperty("user.dir", "."));
    return Path.of(basedir).toAbsolutePath().normalize().resolveSibling("README.md");
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void readme_everyJavaBlockCompilesAndRuns() throws IOException {
    List<ReadmeSnippets.Snippet> ran = ReadmeSnippets.compileAndRun(repositoryReadme(), work);

    assertThat(ran).isNotEmpty();
  }

  /**
   * A class snippet without tests is only compiled by {@link
   * #readme_everyJavaBlockCompilesAndRuns}: each must be one that a test of its own runs, so that
   * none is left untried.
   */
  @Test
  void readme_classSnippetsWithoutTests_areRunByTestsOfTheirOwn() throws IOException {
    ReadmeSnippets.Compiled compiled = ReadmeSnippets.compile(repositoryReadme(), work);

    // TwoFactorSteps: run in Chromium against the Photo Portal by ReadmeTwoFactorStepsTest.
    assertThat(compiled.compiledOnly()).containsExactly("TwoFactorSteps");
  }

  private Path readme(String text) throws IOException {
    Path file = work.resolve("README.md");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void extract_findsOnlyJavaBlocksWithTheirLineNumbers() {
    List<String> markdown =
        List.of(
            "# Title", // 1
            "```bash", // 2
            "mvn verify", // 3
            "```", // 4
            "```java", // 5
            "int a = 1;", // 6
            "```", // 7
            "```javascript", // 8
            "let b = 2;", // 9
            "```", // 10
            "  ```java", // 11
            "  int c = 3;", // 12
            "  ```", // 13
            "````java", // 14
            "String s = \"```\";", // 15
            "````"); // 16

    List<ReadmeSnippets.Snippet> snippets = ReadmeSnippets.extract(markdown);

    assertThat(snippets)
        .containsExactly(
            new ReadmeSnippets.Snippet(1, 6, List.of("int a = 1;")),
            new ReadmeSnippets.Snippet(2, 12, List.of("int c = 3;")),
            new ReadmeSnippets.Snippet(3, 15, List.of("String s = \"```\";")));
  }

  @Test
  void extract_unclosedBlock_namesItsLine() {
    assertThatThrownBy(() -> ReadmeSnippets.extract(List.of("text", "```java", "int a;")))
        .isInstanceOf(AssertionError.class)
        .hasMessage("README line 2: the ```java block is never closed");
  }

  @Test
  void wrap_keepsLeadingImportsOnTopAndPutsTheRestInRun() {
    ReadmeSnippets.Snippet snippet =
        new ReadmeSnippets.Snippet(
            4, 10, List.of("import java.util.List;", "", "List<String> x = List.of();"));

    ReadmeSnippets.Generated g = ReadmeSnippets.wrap(snippet);

    assertThat(g.className()).isEqualTo("ReadmeSnippet4");
    assertThat(g.source())
        .isEqualTo(
            """
            import java.util.List;

            public final class ReadmeSnippet4 {
              static void run() throws Exception {
            List<String> x = List.of();
              }
            }
            """);
    assertThat(g.readmeLine(1)).isEqualTo(10);
    assertThat(g.readmeLine(5)).isEqualTo(12);
  }

  @Test
  void compileAndRun_validBlocks_runInOrderWithOtpkitOnTheClassPath() throws IOException {
    Path file =
        readme(
            """
            # Demo

            ```java
            import io.github.otpkit.totp.OtpSecret;

            OtpSecret secret = OtpSecret.generate();
            System.setProperty("%s", secret.revealBase32().length() + "");
            ```

            ```java
            System.setProperty("%s", System.getProperty("%s") + ",second");
            ```
            """
                .formatted(RAN, RAN, RAN));

    List<ReadmeSnippets.Snippet> ran = ReadmeSnippets.compileAndRun(file, work.resolve("out"));

    assertThat(ran).hasSize(2);
    assertThat(System.getProperty(RAN)).isEqualTo("32,second");
  }

  @Test
  void compileAndRun_compileError_namesSnippetAndReadmeLine() throws IOException {
    Path file =
        readme(
            """
            ```java
            int fine = 1;
            ```
            Some text.

            ```java
            import java.util.List;
            List<String> names = List.of();
            int broken = undefinedVariable;
            ```
            """);

    assertThatThrownBy(() -> ReadmeSnippets.compileAndRun(file, work.resolve("out")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("README snippet 2 (line 7): error at README line 9:")
        .hasMessageContaining("cannot find symbol");
  }

  @Test
  void compileAndRun_exception_namesSnippetAndTheThrowingLine() throws IOException {
    Path file =
        readme(
            """
            Intro.

            ```java
            int a = 1;
            if (a == 1) {
              throw new IllegalStateException("boom");
            }
            ```
            """);

    assertThatThrownBy(() -> ReadmeSnippets.compileAndRun(file, work.resolve("out")))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "README snippet 1 (line 4) failed at README line 6:"
                + " java.lang.IllegalStateException: boom");
  }

  @Test
  void declaredType_findsAClassAfterImportsCommentsAndAnnotations() {
    ReadmeSnippets.Snippet classSnippet =
        new ReadmeSnippets.Snippet(
            1,
            1,
            List.of(
                "import org.junit.jupiter.api.Test;",
                "",
                "/** A test. */",
                "@SuppressWarnings(\"x\")",
                "final class SignInTest {",
                "}"));
    ReadmeSnippets.Snippet statements =
        new ReadmeSnippets.Snippet(1, 1, List.of("// a comment", "record Point(int x) {}"));

    assertThat(ReadmeSnippets.declaredType(classSnippet)).isEqualTo("SignInTest");
    assertThat(ReadmeSnippets.declaredType(statements)).isEqualTo("Point");
    assertThat(ReadmeSnippets.declaredType(new ReadmeSnippets.Snippet(1, 1, List.of("int a = 1;"))))
        .isNull();
    ReadmeSnippets.Generated g = ReadmeSnippets.wrap(classSnippet);
    assertThat(g.isClass()).isTrue();
    assertThat(g.className()).isEqualTo("SignInTest");
    assertThat(g.source()).isEqualTo(String.join("\n", classSnippet.lines()) + "\n");
    assertThat(g.readmeLine(5)).isEqualTo(5);
  }

  @Test
  void compileAndRun_classWithTests_runsThemOnTheJunitPlatform() throws IOException {
    Path file =
        readme(
            """
            ```java
            import org.junit.jupiter.api.Test;

            class ScratchTest {
              @Test
              void marks() {
                System.setProperty("%s", "test ran");
              }
            }
            ```
            """
                .formatted(RAN));

    ReadmeSnippets.Compiled compiled = ReadmeSnippets.compile(file, work.resolve("compiled"));
    List<ReadmeSnippets.Snippet> ran = ReadmeSnippets.compileAndRun(file, work.resolve("out"));

    assertThat(ran).hasSize(1);
    assertThat(System.getProperty(RAN)).isEqualTo("test ran");
    assertThat(compiled.compiledOnly()).isEmpty();
  }

  @Test
  void compileAndRun_failingTest_namesSnippetTestAndReadmeLine() throws IOException {
    Path file =
        readme(
            """
            Text.

            ```java
            import org.junit.jupiter.api.Test;

            class FailingTest {
              @Test
              void fails() {
                throw new IllegalStateException("boom");
              }
            }
            ```
            """);

    assertThatThrownBy(() -> ReadmeSnippets.compileAndRun(file, work.resolve("out")))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "README snippet 1 (line 4): test fails() failed at README line 9:"
                + " java.lang.IllegalStateException: boom");
  }

  @Test
  void compileAndRun_classWithoutTests_isCompiledOnly_andReportedSo() throws IOException {
    Path file =
        readme(
            """
            ```java
            class Steps {
              static void step() {
                throw new IllegalStateException("never run here");
              }
            }
            ```

            ```java
            Steps.class.getName();
            ```
            """);

    ReadmeSnippets.Compiled compiled = ReadmeSnippets.compile(file, work.resolve("compiled"));

    assertThat(ReadmeSnippets.compileAndRun(file, work.resolve("out"))).hasSize(2);
    assertThat(compiled.compiledOnly()).containsExactly("Steps");
  }

  @Test
  void compile_sameTypeTwice_fails() throws IOException {
    Path file = readme("```java\nclass Twice {}\n```\n\n```java\nclass Twice {}\n```\n");

    assertThatThrownBy(() -> ReadmeSnippets.compile(file, work.resolve("out")))
        .isInstanceOf(AssertionError.class)
        .hasMessage("README snippet 2 (line 6) declares Twice, which another snippet declares too");
  }

  @Test
  void compileAndRun_noJavaBlock_fails() throws IOException {
    Path file = readme("# Title\n\n```bash\nmvn verify\n```\n");

    assertThatThrownBy(() -> ReadmeSnippets.compileAndRun(file, work.resolve("out")))
        .isInstanceOf(AssertionError.class)
        .hasMessage(file + " has no ```java block; it must show the library in use");
  }

  @Test
  void compileAndRun_missingReadme_fails() {
    Path missing = work.resolve("nothing-here.md");

    assertThatThrownBy(() -> ReadmeSnippets.compileAndRun(missing, work.resolve("out")))
        .isInstanceOf(AssertionError.class)
        .hasMessage("no README at " + missing);
  }

  @Test
  void repositoryReadme_isTheRootReadmeNextToTheModules() {
    assertThat(repositoryReadme().resolveSibling("totp-examples")).isDirectory();
    assertThat(repositoryReadme().resolveSibling("pom.xml")).isRegularFile();
  }
}
