package io.github.otpkit.totp.examples.cli;

import io.github.otpkit.totp.examples.portal.PhotoPortal;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code totp portal [--port N] [--data DIR]}: runs the Photo Portal demo until Ctrl-C.
 *
 * <p>Prints exactly {@code Photo Portal running at http://127.0.0.1:PORT/} once it accepts
 * requests; {@code --port 0} picks a free port and the line shows the real one.
 */
@Command(
    name = "portal",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Runs the Photo Portal demo on 127.0.0.1 until Ctrl-C.",
      "Users and their two-factor settings are kept in an H2 database in the data folder, with"
          + " the key that encrypts the authenticator secrets (secret-encryption.key, mode 600).",
      "A new data folder is created owner-only (mode 700); one that others may read is refused."
    })
final class PortalCommand implements Callable<Integer> {
  private final CliContext context;

  @Option(
      names = "--port",
      paramLabel = "N",
      converter = WholeNumber.IntConverter.class,
      description = "TCP port on 127.0.0.1, 0 for any free port (default: ${DEFAULT-VALUE}).")
  private int port = PhotoPortal.DEFAULT_PORT;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "Folder of the portal's database, created owner-only if missing (default:"
              + " ${DEFAULT-VALUE}).")
  private Path data = Path.of(PhotoPortal.DEFAULT_DATA_FOLDER);

  PortalCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65_535) {
      throw new BadInputException("--port must be 0 to 65535 but was " + port);
    }
    PhotoPortal portal = new PhotoPortal(context.clock());
    int boundPort;
    try {
      boundPort = portal.start(data, port);
    } catch (IOException e) {
      throw new BadInputException(String.valueOf(e.getMessage()));
    }
    Thread stopper = new Thread(portal::stop, "photo-portal-shutdown");
    Runtime.getRuntime().addShutdownHook(stopper);
    context.out().println("Photo Portal running at http://127.0.0.1:" + boundPort + "/");
    context.out().flush();
    portal.awaitStop();
    return 0;
  }
}
