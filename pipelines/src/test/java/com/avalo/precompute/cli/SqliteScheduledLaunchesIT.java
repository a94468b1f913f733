package com.avalo.precompute.cli;

import com.avalo.precompute.serving.store.StoreSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import org.junit.Before;

/** {@link ScheduledLaunchesContract} on the embedded store: a file of its own per test. */
public class SqliteScheduledLaunchesIT extends ScheduledLaunchesContract {
  private Path db;

  @Before
  public void freshFile() {
    db = dir.getRoot().toPath().resolve("cache.db");
  }

  @Override
  protected List<String> storeArgs() {
    return List.of("--store=sqlite:" + db);
  }

  @Override
  protected StoreSpec store() {
    return StoreSpec.sqlite(db);
  }

  @Override
  protected long countDocuments() throws Exception {
    if (!Files.exists(db)) {
      return 0;
    }
    // Read-only: the test must not create the table nor hold a write lock the launches wait on.
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:file:" + db + "?mode=ro");
        ResultSet rows = connection.createStatement().executeQuery(
            "SELECT count(*) FROM sqlite_master WHERE name = 'cache_documents'")) {
      if (!rows.next() || rows.getLong(1) == 0) {
        return 0;
      }
      try (ResultSet count = connection.createStatement().executeQuery("SELECT count(*) FROM cache_documents")) {
        return count.next() ? count.getLong(1) : 0;
      }
    }
  }
}
