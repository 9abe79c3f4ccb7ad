package io.github.otpkit.totp.examples.cli;

import io.github.otpkit.totp.examples.portal.PhotoPortal;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code totp portal [--port N] [--data DIR | --database JDBC_URL [--key-file FILE]]}: runs the
 * Photo Portal demo until Ctrl-C.
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
      "A new data folder is created owner-only (mode 700); one that others may read is refused.",
      "With --database, several portals share one PostgreSQL, MariaDB or MySQL database instead:"
          + " accounts, used codes and throttling are shared, sessions are not. They also share"
          + " the encryption key: OTPKIT_TOTP_ENCRYPTION_KEY (openssl rand -base64 32) or"
          + " --key-file. The database user and password go in the URL or in"
          + " OTPKIT_DATABASE_USER and OTPKIT_DATABASE_PASSWORD."
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
          "Folder of the portal's embedded database, created owner-only if missing (default: "
              + PhotoPortal.DEFAULT_DATA_FOLDER
              + ").")
  private @Nullable Path data;

  @Option(
      names = "--database",
      paramLabel = "JDBC_URL",
      description =
          "A database that several portals share instead of the data folder, e.g."
              + " jdbc:postgresql://HOST:5432/DB?user=U&password=P (or jdbc:mariadb:, jdbc:mysql:).")
  private @Nullable String database;

  @Option(
      names = "--key-file",
      paramLabel = "FILE",
      description =
          "With --database: the file (mode 600) with the encryption key that every portal on the"
              + " database shares, instead of OTPKIT_TOTP_ENCRYPTION_KEY.")
  private @Nullable Path keyFile;

  PortalCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65_535) {
      throw new BadInputException("--port must be 0 to 65535 but was " + port);
    }
    String url = database;
    if (url != null && data != null) {
      throw new BadInputException(
          "--data and --database exclude each other: the data folder holds the embedded database");
    }
    if (url == null && keyFile != null) {
      throw new BadInputException(
          "--key-file needs --database: the embedded database keeps its key in the data folder");
    }
    PhotoPortal portal = new PhotoPortal(context.clock());
    int boundPort;
    try {
      boundPort =
          url != null
              ? portal.startOnDatabase(url, keyFile, port)
              : portal.start(data != null ? data : Path.of(PhotoPortal.DEFAULT_DATA_FOLDER), port);
    } catch (IOException | IllegalArgumentException e) {
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
