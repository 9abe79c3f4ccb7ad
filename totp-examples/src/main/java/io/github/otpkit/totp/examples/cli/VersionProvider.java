package io.github.otpkit.totp.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Prints {@code totp (otpkit) VERSION} for {@code --version}, from a resource Maven filters. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    Properties properties = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the version resource", e);
    }
    return new String[] {"totp (otpkit) " + properties.getProperty("version", "unknown")};
  }
}
