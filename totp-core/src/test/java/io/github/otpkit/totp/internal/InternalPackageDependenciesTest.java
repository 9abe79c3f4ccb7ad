package io.github.otpkit.totp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * STYLE.md rule 19: no {@code internal} package imports an API package back. Checked on what the
 * compiler wrote (every class name in the constant pool of every compiled class of an {@code
 * internal} package, descriptors and generic signatures included) and on the sources (imports and
 * qualified names, which also catch constants that the compiler inlines). The API packages are the
 * ones {@code module-info} exports.
 *
 * <p>The same test, with its own exemptions, lives in every module that has an internal package.
 */
class InternalPackageDependenciesTest {
  /**
   * Known violations, each with its reason. An exemption whose class no longer exists or no longer
   * violates the rule fails the test, so that it is removed as soon as it is not needed.
   */
  private static final Map<String, String> EXEMPT = Map.of();

  private static final Pattern CLASS_NAME = Pattern.compile("io/github/otpkit/[\\w/$]+");
  private static final Pattern SOURCE_REFERENCE =
      Pattern.compile("(io\\.github\\.otpkit(?:\\.[a-z]\\w*)+)\\.(?:[A-Z]\\w*|\\*)");

  @Test
  void compiledInternalClasses_referenceNoExportedPackage() throws IOException {
    Path classes = classesRoot();
    Set<String> exported = exportedPackages(classes);
    Map<String, Set<String>> violations = new TreeMap<>();
    for (Path file : internalFiles(classes, ".class")) {
      String className = className(classes, file, ".class");
      List<String> constants = utf8Constants(file);
      assertThat(constants)
          .as("the constant pool of %s names the class itself", file)
          .contains(className.replace('.', '/'));
      for (String utf8 : constants) {
        Matcher m = CLASS_NAME.matcher(utf8);
        while (m.find()) {
          String referenced = m.group().replace('/', '.');
          String pkg = referenced.substring(0, referenced.lastIndexOf('.'));
          if (exported.contains(pkg)) {
            violations.computeIfAbsent(outerClass(className), k -> new TreeSet<>()).add(referenced);
          }
        }
      }
    }
    assertThat(exported).as("exported packages read from module-info.class").isNotEmpty();
    assertNoViolationsButTheExempt(violations);
  }

  @Test
  void internalSources_importNoExportedPackage() throws IOException {
    Path sources = Path.of("src", "main", "java");
    Set<String> exported = exportedPackages(classesRoot());
    Map<String, Set<String>> violations = new TreeMap<>();
    for (Path file : internalFiles(sources, ".java")) {
      String code = withoutComments(Files.readString(file));
      Matcher m = SOURCE_REFERENCE.matcher(code);
      while (m.find()) {
        if (exported.contains(m.group(1))) {
          violations
              .computeIfAbsent(className(sources, file, ".java"), k -> new TreeSet<>())
              .add(m.group());
        }
      }
    }
    assertNoViolationsButTheExempt(violations);
  }

  private static void assertNoViolationsButTheExempt(Map<String, Set<String>> violations) {
    for (String exempt : EXEMPT.keySet()) {
      assertThat(violations)
          .as(
              "%s is exempt (%s), but no longer violates the rule: remove the exemption",
              exempt,
              EXEMPT.get(exempt))
          .containsKey(exempt);
    }
    Map<String, Set<String>> remaining = new TreeMap<>(violations);
    remaining.keySet().removeAll(EXEMPT.keySet());
    assertThat(remaining)
        .as("classes of internal packages that use API packages (class -> what it uses)")
        .isEmpty();
  }

  /** The output folder of the main classes: where this module's {@code Digits} was loaded from. */
  private static Path classesRoot() {
    try {
      return Path.of(Digits.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Set<String> exportedPackages(Path classes) throws IOException {
    try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
      return ModuleDescriptor.read(in).exports().stream()
          .filter(e -> !e.isQualified())
          .map(ModuleDescriptor.Exports::source)
          .collect(Collectors.toSet());
    }
  }

  /** The files with this suffix in every folder named {@code internal} under {@code root}. */
  private static List<Path> internalFiles(Path root, String suffix) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      List<Path> found =
          files
              .filter(p -> p.getFileName().toString().endsWith(suffix))
              .filter(p -> root.relativize(p).getNameCount() > 1)
              .filter(p -> p.getName(p.getNameCount() - 2).toString().equals("internal"))
              .sorted()
              .collect(Collectors.toList());
      assertThat(found).as("files %s in internal packages under %s", suffix, root).isNotEmpty();
      return found;
    }
  }

  private static String className(Path root, Path file, String suffix) {
    String separator = file.getFileSystem().getSeparator();
    String relative = root.relativize(file).toString().replace(separator, ".");
    return relative.substring(0, relative.length() - suffix.length());
  }

  private static String outerClass(String className) {
    int dollar = className.indexOf('$');
    return dollar < 0 ? className : className.substring(0, dollar);
  }

  /**
   * The UTF-8 entries of a class file's constant pool (JVMS 4.4): every class, field and method
   * descriptor and generic signature that the class uses is spelled out in one of them.
   */
  private static List<String> utf8Constants(Path classFile) throws IOException {
    List<String> utf8 = new ArrayList<>();
    try (DataInputStream in = new DataInputStream(Files.newInputStream(classFile))) {
      assertThat(in.readInt()).as("magic of %s", classFile).isEqualTo(0xCAFEBABE);
      in.readUnsignedShort(); // minor version
      in.readUnsignedShort(); // major version
      int count = in.readUnsignedShort();
      for (int i = 1; i < count; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1 -> utf8.add(in.readUTF()); // Utf8: u2 length, modified UTF-8, as readUTF reads
          case 3, 4 -> in.readInt(); // Integer, Float
          case 5, 6 -> { // Long, Double: two slots
            in.readLong();
            i++;
          }
          // Class, String, MethodType, Module, Package
          case 7, 8, 16, 19, 20 -> in.readUnsignedShort();
          case 9, 10, 11, 12, 17, 18 -> in.readInt(); // refs, NameAndType, (Invoke)Dynamic
          case 15 -> { // MethodHandle: u1 kind, u2 reference
            in.readUnsignedByte();
            in.readUnsignedShort();
          }
          default ->
              throw new IllegalStateException("constant pool tag " + tag + " in " + classFile);
        }
      }
    }
    return utf8;
  }

  /**
   * The code without comments (which may name API types in {@code @link} tags) and without the
   * contents of string and character literals.
   */
  private static String withoutComments(String source) {
    StringBuilder code = new StringBuilder(source.length());
    int i = 0;
    int n = source.length();
    while (i < n) {
      char c = source.charAt(i);
      if (source.startsWith("//", i)) {
        i = source.indexOf('\n', i);
        i = i < 0 ? n : i;
      } else if (source.startsWith("/*", i)) {
        int end = source.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
        code.append(' ');
      } else if (source.startsWith("\"\"\"", i)) {
        int end = source.indexOf("\"\"\"", i + 3);
        i = end < 0 ? n : end + 3;
        code.append("\"\"");
      } else if (c == '"' || c == '\'') {
        i++;
        while (i < n && source.charAt(i) != c) {
          i += source.charAt(i) == '\\' ? 2 : 1;
        }
        i++;
        code.append(c).append(c);
      } else {
        code.append(c);
        i++;
      }
    }
    return code.toString();
  }
}
