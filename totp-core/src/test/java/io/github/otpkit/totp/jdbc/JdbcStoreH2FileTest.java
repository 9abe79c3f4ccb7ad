package io.github.otpkit.totp.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The store contract on an H2 file database under a temporary directory; {@link
 * #shutDownDatabase()} closes the database, so the restart test reopens it from the file.
 */
class JdbcStoreH2FileTest extends JdbcStoreContract {
  private final Path directory;
  private final Path file;

  JdbcStoreH2FileTest() throws Exception {
    directory = Files.createTempDirectory("otpkit-h2-");
    file = directory.resolve("store");
  }

  @Override
  protected DataSource openDataSource() {
    return closeAfterAll(new TinyPool(TestDatabases.h2File(file), 8));
  }

  @Override
  protected String prefixBase() {
    return "h2file";
  }

  @Override
  protected void shutDownDatabase() throws Exception {
    try (Connection c = TestDatabases.h2File(file).getConnection();
        Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
    }
  }

  @Test
  void database_livesInTheFile() {
    assertThat(directory.resolve("store.mv.db")).exists();
  }
}
