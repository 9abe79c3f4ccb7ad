package io.github.otpkit.totp.testsupport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A machine made up by the test: its variables, executables and the commands that succeed. */
final class FakeHost implements Host {
  final Map<String, String> environment = new HashMap<>();
  final Set<Path> executables = new HashSet<>();
  final Set<List<String>> succeeding = new HashSet<>();
  final List<List<String>> ran = new ArrayList<>();

  @Override
  public @Nullable String getenv(String name) {
    return environment.get(name);
  }

  @Override
  public boolean isExecutableFile(Path path) {
    return executables.contains(path);
  }

  @Override
  public boolean runsSuccessfully(List<String> command) {
    ran.add(command);
    return succeeding.contains(command);
  }
}
