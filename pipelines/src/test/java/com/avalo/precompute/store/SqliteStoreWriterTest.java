package com.avalo.precompute.store;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The dead-letter directory is checked before a run writes anything, and the check leaves nothing. */
public class SqliteStoreWriterTest {
  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  @Test
  public void aDirectoryThatCanBeMadeIsCheckedAndLeftUnmade() throws Exception {
    Path root = folder.getRoot().toPath();
    Path letters = root.resolve("a/b/dead-letters");
    SqliteStoreWriter.checkWritableDirectory(letters);
    assertFalse("nothing left behind", Files.exists(root.resolve("a")));

    Files.createDirectories(letters);
    SqliteStoreWriter.checkWritableDirectory(letters);
    try (var files = Files.list(letters)) {
      assertFalse("no probe file left", files.findAny().isPresent());
    }
  }

  @Test
  public void aDirectoryUnderAFileIsRefusedNamingTheFlag() throws Exception {
    Path file = Files.writeString(folder.getRoot().toPath().resolve("not-a-directory"), "x");
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> SqliteStoreWriter.checkWritableDirectory(file.resolve("dead-letters")));
    assertTrue(refused.getMessage(), refused.getMessage().contains("--dead-letter-dir"));
    assertTrue(refused.getMessage(), refused.getMessage().contains(file.resolve("dead-letters").toString()));
  }
}
