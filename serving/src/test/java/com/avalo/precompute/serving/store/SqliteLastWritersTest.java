package com.avalo.precompute.serving.store;

import static org.junit.Assert.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The last writers in the embedded store's file. */
public class SqliteLastWritersTest extends LastWritersContract {
  @Rule public TemporaryFolder folder = new TemporaryFolder();

  private Path file() {
    return folder.getRoot().toPath().resolve("cache.db");
  }

  @Override
  protected LastWriters connect() {
    return StoreSpec.sqlite(file()).openLastWriters();
  }

  /** A dry run reads the marks: reading must not add their table to a store that has none. */
  @Test
  public void readingAStoreWithoutMarksLeavesItsTablesAsTheyWere() throws Exception {
    StoreSpec.sqlite(file()).open().close();
    List<String> before = tables();
    try (LastWriters writers = connect()) {
      assertEquals(Optional.empty(), writers.get("feeds"));
    }
    assertEquals(before, tables());
  }

  private List<String> tables() throws Exception {
    return SqliteFileFacts.tables(file());
  }
}
