package com.avalo.precompute.serving.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.schemas.TokenBalance;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * New store files get the rowid table of 16 KiB pages; files made with the first layout (WITHOUT
 * ROWID, 4 KiB pages) keep it, and every operation works the same on both.
 */
public class SqliteCacheStoreLayoutTest {
  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  @Test
  public void aNewStoreHasARowidTableOfSixteenKibPages() throws Exception {
    Path file = folder.getRoot().toPath().resolve("new.db");
    SqliteCacheStore.open(file).close();
    assertEquals(16384, pragma(file, "page_size"));
    assertFalse(tableSql(file), tableSql(file).contains("WITHOUT ROWID"));
    exerciseEveryOperation(file);
  }

  @Test
  public void aStoreOfTheFirstLayoutKeepsItAndStillWorks() throws Exception {
    Path file = folder.getRoot().toPath().resolve("old.db");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA journal_mode = WAL");
      statement.execute("CREATE TABLE cache_documents (key TEXT PRIMARY KEY, type TEXT NOT NULL,"
          + " expires_at_ms INTEGER NOT NULL, content_hash TEXT NOT NULL, document TEXT NOT NULL)"
          + " WITHOUT ROWID");
    }
    SqliteCacheStore.open(file).close();
    assertEquals(4096, pragma(file, "page_size"));
    assertTrue(tableSql(file).contains("WITHOUT ROWID"));
    exerciseEveryOperation(file);
  }

  @Test
  public void aStampCarriesTheVersionTheDocumentIsLabelledWith() throws Exception {
    // A run rewrites a document whose payload is unchanged but whose label is another version:
    // it learns the label from the stamp when it reads the store instead of a manifest.
    Path file = folder.getRoot().toPath().resolve("versions.db");
    try (SqliteCacheStore store = SqliteCacheStore.open(file)) {
      store.write(List.of(tokens("u1", 1), tokens("u2", 2)));
    }
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      statement.execute("UPDATE cache_documents SET document = json_set(document, '$.schemaVersion',"
          + " 7) WHERE key = 'user:u2:tokens'");
    }
    try (SqliteCacheStore store = SqliteCacheStore.open(file)) {
      java.util.Map<String, Integer> versions = new java.util.TreeMap<>();
      store.forEachStamp("user-stats", stamp -> versions.put(stamp.key(), stamp.schemaVersion()));
      assertEquals(java.util.Map.of("user:u1:tokens", DocumentType.USER_TOKENS.schemaVersion(),
          "user:u2:tokens", 7), versions);
    }
  }

  /**
   * A row edited by hand (its hash or expiry removed, or not JSON at all) must not fail the read of
   * a job's stamps, which every run without a manifest makes: a field read as rewritable, a row
   * that is not JSON as no job's.
   */
  @Test
  public void stampsOfRowsEditedByHandReadAsRewritable() throws Exception {
    Path file = folder.newFolder().toPath().resolve("cache.db");
    try (SqliteCacheStore store = SqliteCacheStore.open(file)) {
      store.write(List.of(tokens("u1", 1), tokens("u2", 2), tokens("u3", 3), tokens("u4", 4)));
    }
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      statement.execute("UPDATE cache_documents SET document = json_remove(document,"
          + " '$.contentHash') WHERE key = 'user:u1:tokens'");
      statement.execute("UPDATE cache_documents SET document = json_set(document, '$.expiresAt',"
          + " 'tomorrow') WHERE key = 'user:u2:tokens'");
      statement.execute("UPDATE cache_documents SET document = '{not json'"
          + " WHERE key = 'user:u3:tokens'");
    }
    try (SqliteCacheStore store = SqliteCacheStore.open(file)) {
      java.util.Map<String, DocumentStamp> stamps = new java.util.TreeMap<>();
      store.forEachStamp("user-stats", stamp -> stamps.put(stamp.key(), stamp));
      assertEquals(List.of("user:u1:tokens", "user:u2:tokens", "user:u4:tokens"),
          List.copyOf(stamps.keySet()));
      assertEquals(DocumentStamp.NO_HASH, stamps.get("user:u1:tokens").contentHash());
      assertEquals(DocumentStamp.NO_EXPIRY, stamps.get("user:u2:tokens").expiresAt());
      assertEquals(tokens("u4", 4).contentHash(), stamps.get("user:u4:tokens").contentHash());
      assertEquals(tokens("u4", 4).expiresAt(), stamps.get("user:u4:tokens").expiresAt());
    }
  }

  private static void exerciseEveryOperation(Path file) {
    try (SqliteCacheStore store = SqliteCacheStore.open(file)) {
      List<CacheDocument> documents = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        documents.add(tokens("u" + i, 100 + i));
      }
      store.write(documents);
      store.write(List.of(tokens("u3", 7)));  // an upsert of a key already there
      store.delete(List.of("user:u4:tokens"));
      assertEquals(29, store.keysWithPrefix("user:", 100).size());
      assertEquals(List.of("user:u0:tokens", "user:u10:tokens"), store.keysWithPrefix("user:u", 2));
      assertEquals(7, store.get("user:u3:tokens").orElseThrow().payload().get("purchased").asLong());
      assertTrue(store.get("user:u4:tokens").isEmpty());
      assertEquals(29, store.getAll(store.keysWithPrefix("", 100)).size());
      List<String> stamped = new ArrayList<>();
      store.forEachStamp("user-stats", stamp -> stamped.add(stamp.key()));
      assertEquals(29, stamped.size());
    }
  }

  private static CacheDocument tokens(String uid, long purchased) {
    Instant now = Instant.parse("2026-12-01T00:00:00Z");
    return CacheDocument.of(DocumentType.USER_TOKENS.key(uid),
        new TokenBalance(uid, purchased, 10, 30, 60),
        new CacheDocument.Provenance("user-stats", "run-1", now, now), now.plusSeconds(3600));
  }

  private static long pragma(Path file, String name) throws SQLException {
    return Long.parseLong(SqliteFileFacts.pragma(file, name));
  }

  private static String tableSql(Path file) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        ResultSet row = connection.createStatement().executeQuery(
            "SELECT sql FROM sqlite_master WHERE name = 'cache_documents'")) {
      return row.getString(1);
    }
  }
}
