package io.github.otpkit.totp.examples;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
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
import org.jspecify.annotations.Nullable;

/**
 * Extracts every {@code ```java} block of a README, wraps it in a class, compiles all of them
 * with {@link JavaCompiler} against the test class path and runs each one.
 *
 * <p>Convention: optional {@code import ...;} lines first, then plain statements; the statements
 * become the body of {@code static void run() throws Exception}. Failures name the snippet's
 * number and its line in the README, with the compiler's diagnostics or the exception.
 */
final class ReadmeSnippets {
  private static final Pattern OPENING = Pattern.compile("^( {0,3})(`{3,})java(?:\\s.*)?$");

  /**
   * One {@code ```java} block.
   *
   * @param number 1 for the first block of the README
   * @param firstLine the README line (1-based) of the block's first code line
   * @param lines the code lines
   */
  record Snippet(int number, int firstLine, List<String> lines) {}

  /**
   * A snippet as a compilation unit.
   *
   * @param snippet the snippet
   * @param className the generated class's name
   * @param source the Java source
   * @param readmeLines for each source line (index 0 = line 1), its README line, or 0
   */
  record Generated(
      Snippet snippet, String className, String source, List<Integer> readmeLines) {
    int readmeLine(long sourceLine) {
      if (sourceLine < 1 || sourceLine > readmeLines.size()) {
        return 0;
      }
      int line = readmeLines.get((int) sourceLine - 1);
      return line == 0 ? snippet.firstLine() : line;
    }

    String where() {
      return "README snippet " + snippet.number() + " (line " + snippet.firstLine() + ")";
    }
  }

  private ReadmeSnippets() {}

  /** Finds the {@code ```java} blocks of a Markdown text. */
  static List<Snippet> extract(List<String> markdown) {
    List<Snippet> snippets = new ArrayList<>();
    int i = 0;
    while (i < markdown.size()) {
      Matcher opening = OPENING.matcher(markdown.get(i));
      if (!opening.matches()) {
        i++;
        continue;
      }
      int indent = opening.group(1).length();
      String fence = opening.group(2);
      int openedAt = i + 1;
      List<String> lines = new ArrayList<>();
      i++;
      while (true) {
        if (i >= markdown.size()) {
          throw new AssertionError(
              "README line " + openedAt + ": the ```java block is never closed");
        }
        String line = markdown.get(i);
        String stripped = line.strip();
        if (stripped.startsWith(fence) && stripped.chars().allMatch(c -> c == '`')) {
          break;
        }
        int cut = 0;
        while (cut < indent && cut < line.length() && line.charAt(cut) == ' ') {
          cut++;
        }
        lines.add(line.substring(cut));
        i++;
      }
      snippets.add(new Snippet(snippets.size() + 1, openedAt + 1, List.copyOf(lines)));
      i++;
    }
    return snippets;
  }

  /** Wraps a snippet: leading imports on top, the rest in {@code static void run()}. */
  static Generated wrap(Snippet snippet) {
    String className = "ReadmeSnippet" + snippet.number();
    List<String> source = new ArrayList<>();
    List<Integer> origin = new ArrayList<>();
    int bodyStart = 0;
    List<String> lines = snippet.lines();
    while (bodyStart < lines.size()) {
      String line = lines.get(bodyStart).strip();
      if (!line.isEmpty() && !line.startsWith("import ")) {
        break;
      }
      source.add(lines.get(bodyStart));
      origin.add(snippet.firstLine() + bodyStart);
      bodyStart++;
    }
    source.add("public final class " + className + " {");
    origin.add(0);
    source.add("  static void run() throws Exception {");
    origin.add(0);
    for (int k = bodyStart; k < lines.size(); k++) {
      source.add(lines.get(k));
      origin.add(snippet.firstLine() + k);
    }
    source.add("  }");
    origin.add(0);
    source.add("}");
    origin.add(0);
    return new Generated(
        snippet,
        className,
        String.join("\n", source) + "\n",
        List.copyOf(origin));
  }

  /**
   * Compiles and runs every {@code ```java} block of a README.
   *
   * @param readme the README file
   * @param work an empty folder for sources and classes
   * @return the snippets that ran
   * @throws AssertionError if the README is missing, has no java block, or a block fails to
   *     compile or to run; the message names the block's number and README line
   */
  static List<Snippet> compileAndRun(Path readme, Path work) throws IOException {
    if (!Files.isRegularFile(readme)) {
      throw new AssertionError("no README at " + readme);
    }
    List<Snippet> snippets = extract(Files.readAllLines(readme, StandardCharsets.UTF_8));
    if (snippets.isEmpty()) {
      throw new AssertionError(readme + " has no ```java block; it must show the library in use");
    }
    List<Generated> generated = snippets.stream().map(ReadmeSnippets::wrap).toList();
    Path sources = Files.createDirectories(work.resolve("src"));
    Path classes = Files.createDirectories(work.resolve("classes"));
    List<Path> files = new ArrayList<>();
    for (Generated g : generated) {
      Path file = sources.resolve(g.className() + ".java");
      Files.writeString(file, g.source(), StandardCharsets.UTF_8);
      files.add(file);
    }
    compile(generated, files, classes);
    run(generated, classes);
    return snippets;
  }

  private static void compile(List<Generated> generated, List<Path> files, Path classes)
      throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler == null) {
      throw new AssertionError("no Java compiler in this runtime: run the tests on a JDK");
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    boolean ok;
    try (StandardJavaFileManager fileManager =
        compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<String> options =
          List.of(
              "-classpath",
              System.getProperty("java.class.path"),
              "-d",
              classes.toString(),
              "-proc:none",
              "-encoding",
              "UTF-8");
      ok =
          compiler
              .getTask(
                  null,
                  fileManager,
                  diagnostics,
                  options,
                  null,
                  fileManager.getJavaFileObjectsFromPaths(files))
              .call();
    }
    List<String> errors = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() != Diagnostic.Kind.ERROR) {
        continue;
      }
      JavaFileObject source = d.getSource();
      Generated g = source == null ? null : byFile(generated, source.getName());
      if (g == null) {
        errors.add(d.getMessage(Locale.ROOT));
      } else {
        errors.add(
            g.where()
                + ": error at README line "
                + g.readmeLine(d.getLineNumber())
                + ": "
                + d.getMessage(Locale.ROOT));
      }
    }
    if (!ok || !errors.isEmpty()) {
      throw new AssertionError(
          "README java blocks do not compile:\n  " + String.join("\n  ", errors));
    }
  }

  private static @Nullable Generated byFile(List<Generated> generated, String fileName) {
    for (Generated g : generated) {
      if (fileName.endsWith(g.className() + ".java")) {
        return g;
      }
    }
    return null;
  }

  private static void run(List<Generated> generated, Path classes) throws IOException {
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {classes.toUri().toURL()}, ReadmeSnippets.class.getClassLoader())) {
      for (Generated g : generated) {
        try {
          Method run = loader.loadClass(g.className()).getDeclaredMethod("run");
          run.setAccessible(true);
          run.invoke(null);
        } catch (InvocationTargetException e) {
          Throwable cause = e.getCause() == null ? e : e.getCause();
          throw new AssertionError(
              g.where() + " failed at README line " + failingLine(g, cause) + ": " + cause, cause);
        } catch (ReflectiveOperationException e) {
          throw new LinkageError(g.where() + " could not be run: " + e, e);
        }
      }
    }
  }

  private static int failingLine(Generated g, Throwable failure) {
    String file = g.className() + ".java";
    for (Throwable t = failure; t != null; t = t.getCause()) {
      for (StackTraceElement frame : t.getStackTrace()) {
        if (file.equals(frame.getFileName())) {
          return g.readmeLine(frame.getLineNumber());
        }
      }
    }
    return g.snippet().firstLine();
  }
}
