package io.github.otpkit.totp.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * What {@link Requirements} asks the machine: environment variables, executable files, and whether
 * a program runs. An interface so that the rule's own tests can pretend a tool or a variable is
 * missing, or that CI is set.
 */
interface Host {
  /** The real machine: {@link System#getenv(String)}, the file system and real processes. */
  Host SYSTEM =
      new Host() {
        @Override
        public @Nullable String getenv(String name) {
          return System.getenv(name);
        }

        @Override
        public boolean isExecutableFile(Path path) {
          return Files.isRegularFile(path) && Files.isExecutable(path);
        }

        @Override
        public boolean runsSuccessfully(List<String> command) {
          try {
            Process process =
                new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            process.getOutputStream().close();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
              process.destroyForcibly();
              return false;
            }
            return process.exitValue() == 0;
          } catch (IOException e) {
            return false;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        }
      };

  /** The value of an environment variable, {@code null} if unset. */
  @Nullable String getenv(String name);

  /** Whether the path is a regular file that may be executed. */
  boolean isExecutableFile(Path path);

  /** Whether the command exits with status 0 within 20 seconds. */
  boolean runsSuccessfully(List<String> command);

  /** The folders of {@code PATH}, in order, without empty entries. */
  default List<Path> pathFolders() {
    String path = getenv("PATH");
    if (path == null) {
      return List.of();
    }
    return java.util.Arrays.stream(path.split(File.pathSeparator, -1))
        .filter(folder -> !folder.isEmpty())
        .map(Path::of)
        .toList();
  }
}
