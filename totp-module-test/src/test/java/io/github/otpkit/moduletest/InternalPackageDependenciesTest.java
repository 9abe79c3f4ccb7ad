package io.github.otpkit.moduletest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleReader;
import java.lang.module.ResolvedModule;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * STYLE.md rule 19: no {@code internal} package imports an API package of its module back. Checked
 * for every published module that has internal packages, on what the compiler wrote (every class
 * name in the constant pool of every compiled class of an {@code internal} package, descriptors and
 * generic signatures included, read through the module as it is resolved here) and on the sources
 * (imports and qualified names, which also catch constants that the compiler inlines). The API
 * packages are the ones the module's descriptor exports.
 */
class InternalPackageDependenciesTest {
  /**
   * Known violations, each with its reason, as {@code class -> reason}. An exemption whose class no
   * longer exists or no longer violates the rule fails the test, so that it is removed as soon as
   * it is not needed.
   */
  private static final Map<String, String> EXEMPT = Map.of();

  private static final Pattern CLASS_NAME = Pattern.compile("io/github/otpkit/[\\w/$]+");
  private static final Pattern SOURCE_REFERENCE =
      Pattern.compile("(io\\.github\\.otpkit(?:\\.[a-z]\\w*)+)\\.(?:[A-Z]\\w*|\\*)");

  @ParameterizedTest(name = "{0}")
  @CsvSource({"io.github.otpkit.totp, totp-core", "io.github.otpkit.totp.qr, totp-qr"})
  void compiledInternalClasses_referenceNoExportedPackage(String moduleName, String folder)
      throws IOException {
    ResolvedModule module = ModuleLayer.boot().configuration().findModule(moduleName).orElseThrow();
    Set<String> exported = exportedPackages(module.reference().descriptor());
    Map<String, Set<String>> violations = new TreeMap<>();
    List<String> entries;
    try (ModuleReader reader = module.reference().open()) {
      try (Stream<String> all = reader.list()) {
        entries = all.filter(e -> e.endsWith(".class") && isInternal(e)).sorted().toList();
      }
      assertThat(entries).as("classes of internal packages in %s", moduleName).isNotEmpty();
      for (String entry : entries) {
        String className = entry.substring(0, entry.length() - ".class".length());
        List<String> constants;
        try (InputStream in = reader.open(entry).orElseThrow()) {
          constants = utf8Constants(in, entry);
        }
        assertThat(constants)
            .as("the constant pool of %s names the class itself", entry)
            .contains(className);
        for (String utf8 : constants) {
          Matcher m = CLASS_NAME.matcher(utf8);
          while (m.find()) {
            String referenced = m.group().replace('/', '.');
            String pkg = referenced.substring(0, referenced.lastIndexOf('.'));
            if (exported.contains(pkg)) {
              violations
                  .computeIfAbsent(outerClass(className.replace('/', '.')), k -> new TreeSet<>())
                  .add(referenced);
            }
          }
        }
      }
    }
    assertNoViolationsButTheExempt(violations);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"io.github.otpkit.totp, totp-core", "io.github.otpkit.totp.qr, totp-qr"})
  void internalSources_importNoExportedPackage(String moduleName, String folder)
      throws IOException {
    ResolvedModule module = ModuleLayer.boot().configuration().findModule(moduleName).orElseThrow();
    Set<String> exported = exportedPackages(module.reference().descriptor());
    Path sources = Path.of("..", folder, "src", "main", "java");
    List<Path> files;
    try (Stream<Path> all = Files.walk(sources)) {
      files =
          all.filter(p -> p.toString().endsWith(".java"))
              .filter(p -> isInternal(sources.relativize(p).toString().replace('\\', '/')))
              .sorted()
              .collect(Collectors.toList());
    }
    assertThat(files).as("sources of internal packages under %s", sources).isNotEmpty();
    Map<String, Set<String>> violations = new TreeMap<>();
    for (Path file : files) {
      String code = withoutComments(Files.readString(file));
      Matcher m = SOURCE_REFERENCE.matcher(code);
      while (m.find()) {
        if (exported.contains(m.group(1))) {
          String relative = sources.relativize(file).toString().replace('\\', '/');
          violations
              .computeIfAbsent(
                  relative.substring(0, relative.length() - ".java".length()).replace('/', '.'),
                  k -> new TreeSet<>())
              .add(m.group());
        }
      }
    }
    assertNoViolationsButTheExempt(violations);
  }

  /**
   * Whether a path like {@code io/github/otpkit/totp/internal/X.class} is in an internal package.
   */
  private static boolean isInternal(String path) {
    int slash = path.lastIndexOf('/');
    return slash > 0 && path.substring(0, slash).endsWith("/internal");
  }

  private static Set<String> exportedPackages(ModuleDescriptor descriptor) {
    Set<String> exported =
        descriptor.exports().stream()
            .filter(e -> !e.isQualified())
            .map(ModuleDescriptor.Exports::source)
            .collect(Collectors.toSet());
    assertThat(exported).as("exported packages of %s", descriptor.name()).isNotEmpty();
    return exported;
  }

  private static void assertNoViolationsButTheExempt(Map<String, Set<String>> violations) {
    for (String exempt : EXEMPT.keySet()) {
      assertThat(violations)
          .as(
              "%s is exempt (%s), but no longer violates the rule: remove the exemption",
              exempt, EXEMPT.get(exempt))
          .containsKey(exempt);
    }
    Map<String, Set<String>> remaining = new TreeMap<>(violations);
    remaining.keySet().removeAll(EXEMPT.keySet());
    assertThat(remaining)
        .as("classes of internal packages that use API packages (class -> what it uses)")
        .isEmpty();
  }

  private static String outerClass(String className) {
    int dollar = className.indexOf('$');
    return dollar < 0 ? className : className.substring(0, dollar);
  }

  /**
   * The UTF-8 entries of a class file's constant pool (JVMS 4.4): every class, field and method
   * descriptor and generic signature that the class uses is spelled out in one of them.
   */
  private static List<String> utf8Constants(InputStream classFile, String name) throws IOException {
    List<String> utf8 = new ArrayList<>();
    DataInputStream in = new DataInputStream(classFile);
    assertThat(in.readInt()).as("magic of %s", name).isEqualTo(0xCAFEBABE);
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
        default -> throw new IllegalStateException("constant pool tag " + tag + " in " + name);
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
