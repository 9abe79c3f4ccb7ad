package io.github.otpkit.totp.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java,spring} block of the repository's README.md compiles against the starter's
 * class path (Spring Boot, Spring Security, Spring MVC), with {@code -Xlint:all -Werror}. These
 * blocks are whole compilation units (imports, classes). totp-examples' ReadmeSnippetsTest compiles
 * and runs the {@code ```java} blocks without Spring, and must not pick these up: its fence pattern
 * is checked here too.
 */
class ReadmeSpringSnippetsTest {
  /** The opening fence of a Spring block. */
  static final Pattern SPRING_FENCE = Pattern.compile("^( {0,3})(`{3,})java,spring\\s*$");

  /** The opening fence that totp-examples' ReadmeSnippets compiles without Spring. */
  private static final Pattern PLAIN_JAVA_FENCE =
      Pattern.compile("^( {0,3})(`{3,})java(?:\\s.*)?$");

  private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);

  private static final Pattern TOP_LEVEL_TYPE =
      Pattern.compile(
          "^(?:(?:public|final|abstract)\\s+)*(?:class|interface|record|enum)\\s+(\\w+)",
          Pattern.MULTILINE);

  /** A block: the README line of its first code line, and its text. */
  record Block(int firstLine, String fence, String text) {}

  @TempDir Path work;

  static Path repositoryReadme() {
    String basedir = System.getProperty("basedir", System.getProperty("user.dir", "."));
    return Path.of(basedir).toAbsolutePath().normalize().resolveSibling("README.md");
  }

  static List<Block> springBlocks(List<String> lines) {
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher opening = SPRING_FENCE.matcher(lines.get(i));
      if (!opening.matches()) {
        continue;
      }
      String fence = opening.group(2);
      StringBuilder text = new StringBuilder();
      int j = i + 1;
      while (j < lines.size() && !lines.get(j).strip().equals(fence)) {
        text.append(lines.get(j)).append('\n');
        j++;
      }
      assertThat(j).as("README line %d: the block is never closed", i + 1).isLessThan(lines.size());
      blocks.add(new Block(i + 2, lines.get(i), text.toString()));
      i = j;
    }
    return blocks;
  }

  @Test
  void readme_everySpringBlockCompilesAgainstTheStarter() throws IOException {
    List<Block> blocks =
        springBlocks(Files.readAllLines(repositoryReadme(), StandardCharsets.UTF_8));
    assertThat(blocks).as("```java,spring blocks in README.md").hasSizeGreaterThanOrEqualTo(3);
    assertThat(blocks.get(0).text())
        .contains(".with(TotpFactorConfigurer.totpFactor(), Customizer.withDefaults())");

    List<Path> sources = new ArrayList<>();
    for (Block block : blocks) {
      // totp-examples' test would compile and run it without Spring on its class path.
      assertThat(PLAIN_JAVA_FENCE.matcher(block.fence()).matches())
          .as("README line %d: a Spring block must not open with ```java", block.firstLine() - 1)
          .isFalse();
      sources.add(write(block));
    }
    compile(sources, blocks);
  }

  private Path write(Block block) throws IOException {
    Matcher type = TOP_LEVEL_TYPE.matcher(block.text());
    assertThat(type.find())
        .as("README line %d: a Spring block is a compilation unit with a class", block.firstLine())
        .isTrue();
    Matcher pkg = PACKAGE.matcher(block.text());
    Path folder = work.resolve("src");
    if (pkg.find()) {
      folder = folder.resolve(pkg.group(1).replace('.', '/'));
    }
    Files.createDirectories(folder);
    Path file = folder.resolve(type.group(1) + ".java");
    assertThat(file).as("two blocks declare %s", file.getFileName()).doesNotExist();
    Files.writeString(file, block.text(), StandardCharsets.UTF_8);
    return file;
  }

  private void compile(List<Path> sources, List<Block> blocks) throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Path classes = Files.createDirectories(work.resolve("classes"));
    try (StandardJavaFileManager files =
        compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<String> options =
          List.of(
              "-d",
              classes.toString(),
              "-classpath",
              System.getProperty("java.class.path"),
              "-proc:none",
              "-Xlint:all",
              "-Werror");
      boolean ok =
          compiler
              .getTask(
                  null,
                  files,
                  diagnostics,
                  options,
                  null,
                  files.getJavaFileObjectsFromPaths(sources))
              .call();
      StringBuilder report = new StringBuilder();
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        int index = sources.indexOf(Path.of(d.getSource().toUri()));
        long line = index < 0 ? -1 : blocks.get(index).firstLine() + d.getLineNumber() - 1;
        report
            .append("README line ")
            .append(line)
            .append(": ")
            .append(d.getKind())
            .append(": ")
            .append(d.getMessage(Locale.ROOT))
            .append('\n');
      }
      assertThat(ok).as("the Spring blocks of README.md compile:%n%s", report).isTrue();
      assertThat(report.toString()).as("no warnings").isEmpty();
    }
  }

  @Test
  void springBlocks_foundWithTheirLines_plainJavaBlocksLeftOut() {
    List<Block> blocks =
        springBlocks(
            List.of(
                "text",
                "```java",
                "int a;",
                "```",
                "```java,spring",
                "class A {}",
                "```",
                "<!-- ```java,spring is only text here -->",
                "  ```java,spring",
                "class B {}",
                "  ```"));

    assertThat(blocks)
        .containsExactly(
            new Block(6, "```java,spring", "class A {}\n"),
            new Block(10, "  ```java,spring", "class B {}\n"));
    assertThat(PLAIN_JAVA_FENCE.matcher("```java,spring").matches()).isFalse();
    assertThat(PLAIN_JAVA_FENCE.matcher("```java spring").matches())
        .as("why the info string is java,spring and not 'java spring'")
        .isTrue();
  }
}
