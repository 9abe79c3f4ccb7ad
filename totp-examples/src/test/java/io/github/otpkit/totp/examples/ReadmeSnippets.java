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
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * Extracts every {@code ```java} block of a README, compiles all of them with {@link JavaCompiler}
 * against the test class path and runs each one.
 *
 * <p>Two kinds of blocks:
 *
 * <ul>
 *   <li>Statements: optional {@code import ...;} lines first, then plain statements, which become
 *       the body of {@code static void run() throws Exception} of a generated class; it is run.
 *   <li>A class: imports, then (after comments and annotations) a top-level {@code class}, {@code
 *       record}, {@code interface} or {@code enum}, compiled as it stands. If it has JUnit Jupiter
 *       {@code @Test} methods, they run on the JUnit Platform and must all pass; a class without
 *       tests is only compiled here, and a test of its own must run it (see {@link
 *       Compiled#compiledOnly()}).
 * </ul>
 *
 * <p>Failures name the snippet's number and its line in the README, with the compiler's diagnostics
 * or the exception.
 */
final class ReadmeSnippets {
  private static final Pattern OPENING = Pattern.compile("^( {0,3})(`{3,})java(?:\\s.*)?$");

  /** The first line of a top-level type declaration, with the type's name in group 1. */
  private static final Pattern TYPE_DECLARATION =
      Pattern.compile(
          "^(?:(?:public|final|abstract|sealed|non-sealed|strictfp)\\s+)*"
              + "(?:class|record|interface|enum)\\s+([A-Za-z_$][A-Za-z0-9_$]*).*$");

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
   * @param className the generated class's name, or the declared type's for a class snippet
   * @param source the Java source
   * @param readmeLines for each source line (index 0 = line 1), its README line, or 0
   * @param isClass whether the snippet declares a class (else it is statements, in {@code run()})
   */
  record Generated(
      Snippet snippet,
      String className,
      String source,
      List<Integer> readmeLines,
      boolean isClass) {
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

  /**
   * Returns the name of the top-level type that a snippet declares after its imports (comments and
   * annotations may come first), or null if the snippet is statements.
   */
  static @Nullable String declaredType(Snippet snippet) {
    for (String raw : snippet.lines()) {
      String line = raw.strip();
      if (line.isEmpty()
          || line.startsWith("import ")
          || line.startsWith("//")
          || line.startsWith("/*")
          || line.startsWith("*")
          || line.startsWith("@")) {
        continue;
      }
      Matcher declaration = TYPE_DECLARATION.matcher(line);
      return declaration.matches() ? declaration.group(1) : null;
    }
    return null;
  }

  /**
   * Makes a compilation unit of a snippet: a class snippet as it stands, statements with the
   * leading imports on top and the rest in {@code static void run()}.
   */
  static Generated wrap(Snippet snippet) {
    String type = declaredType(snippet);
    if (type != null) {
      List<Integer> origin = new ArrayList<>();
      for (int k = 0; k < snippet.lines().size(); k++) {
        origin.add(snippet.firstLine() + k);
      }
      return new Generated(
          snippet, type, String.join("\n", snippet.lines()) + "\n", List.copyOf(origin), true);
    }
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
        snippet, className, String.join("\n", source) + "\n", List.copyOf(origin), false);
  }

  /**
   * The compiled snippets of a README.
   *
   * @param snippets the snippets in README order
   * @param generated their compilation units, in the same order
   * @param classes the folder of the class files
   */
  record Compiled(List<Snippet> snippets, List<Generated> generated, Path classes) {
    /** A class loader for the snippets' classes, on top of the test class path. */
    URLClassLoader classLoader() throws IOException {
      return new URLClassLoader(
          new URL[] {classes.toUri().toURL()}, ReadmeSnippets.class.getClassLoader());
    }

    /** The class snippets without JUnit tests: compiled here, run by tests of their own. */
    List<String> compiledOnly() throws IOException {
      List<String> names = new ArrayList<>();
      try (URLClassLoader loader = classLoader()) {
        for (Generated g : generated) {
          if (g.isClass() && !hasTests(load(loader, g))) {
            names.add(g.className());
          }
        }
      }
      return names;
    }
  }

  /**
   * Compiles every {@code ```java} block of a README.
   *
   * @param readme the README file
   * @param work an empty folder for sources and classes
   * @return the compiled snippets
   * @throws AssertionError if the README is missing, has no java block, two class snippets declare
   *     the same type, or a block fails to compile; the message names the block's number and README
   *     line
   */
  static Compiled compile(Path readme, Path work) throws IOException {
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
      if (Files.exists(file)) {
        throw new AssertionError(
            g.where() + " declares " + g.className() + ", which another snippet declares too");
      }
      Files.writeString(file, g.source(), StandardCharsets.UTF_8);
      files.add(file);
    }
    compile(generated, files, classes);
    return new Compiled(snippets, generated, classes);
  }

  /**
   * Compiles and runs every {@code ```java} block of a README: statements are run, the JUnit tests
   * of class snippets are run on the JUnit Platform.
   *
   * @param readme the README file
   * @param work an empty folder for sources and classes
   * @return the snippets that ran or were compiled
   * @throws AssertionError if the README is missing, has no java block, or a block fails to compile
   *     or to run (a test of a class snippet fails, or it has tests and none ran); the message
   *     names the block's number and README line
   */
  static List<Snippet> compileAndRun(Path readme, Path work) throws IOException {
    Compiled compiled = compile(readme, work);
    run(compiled);
    return compiled.snippets();
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

  private static void run(Compiled compiled) throws IOException {
    try (URLClassLoader loader = compiled.classLoader()) {
      for (Generated g : compiled.generated()) {
        if (g.isClass()) {
          Class<?> type = load(loader, g);
          if (hasTests(type)) {
            runTests(g, type);
          }
          continue;
        }
        try {
          Method run = load(loader, g).getDeclaredMethod("run");
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

  private static Class<?> load(ClassLoader loader, Generated g) {
    try {
      return loader.loadClass(g.className());
    } catch (ClassNotFoundException e) {
      throw new LinkageError(g.where() + " has no class " + g.className(), e);
    }
  }

  /** Whether a class (or a class nested in it) has JUnit Jupiter test methods. */
  static boolean hasTests(Class<?> type) {
    for (Method method : type.getDeclaredMethods()) {
      if (method.isAnnotationPresent(Test.class)) {
        return true;
      }
    }
    for (Class<?> nested : type.getDeclaredClasses()) {
      if (hasTests(nested)) {
        return true;
      }
    }
    return false;
  }

  /** Runs a class snippet's tests on the JUnit Platform; every test must pass. */
  private static void runTests(Generated g, Class<?> type) {
    Events tests =
        EngineTestKit.engine("junit-jupiter")
            .selectors(DiscoverySelectors.selectClass(type))
            .execute()
            .testEvents();
    for (Event event : tests.failed().list()) {
      Throwable cause =
          event
              .getPayload(TestExecutionResult.class)
              .flatMap(TestExecutionResult::getThrowable)
              .orElseGet(() -> new AssertionError("failed without an exception"));
      throw new AssertionError(
          g.where()
              + ": test "
              + event.getTestDescriptor().getDisplayName()
              + " failed at README line "
              + failingLine(g, cause)
              + ": "
              + cause,
          cause);
    }
    if (tests.succeeded().count() == 0) {
      throw new AssertionError(g.where() + ": no test of " + g.className() + " ran");
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
