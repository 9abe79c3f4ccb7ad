package io.github.otpkit.totp.examples;

import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Path;

/** Lets tests in other packages load the README's compiled class snippets. */
public final class ReadmeSnippetsAccess {
  private ReadmeSnippetsAccess() {}

  /**
   * Compiles the repository's README.md snippets and returns a class loader for them.
   *
   * @param work an empty folder for sources and classes
   * @return the loader; close it after use
   * @throws IOException if the files cannot be written
   */
  public static URLClassLoader compiledReadme(Path work) throws IOException {
    return ReadmeSnippets.compile(ReadmeSnippetsTest.repositoryReadme(), work).classLoader();
  }
}
