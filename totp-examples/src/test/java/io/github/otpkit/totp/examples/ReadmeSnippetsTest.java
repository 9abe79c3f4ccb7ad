package io.github.otpkit.totp.examples;

import io.github.otpkit.totp.OtpSecret;

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
