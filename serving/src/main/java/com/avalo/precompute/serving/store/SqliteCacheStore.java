package com.avalo.precompute.serving.store;

import com.avalo.precompute.schemas.CacheDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The embedded default store: one SQLite file, no server, as Feast's local online store. Each
 * document is a row keyed by its cache key holding the envelope's JSON. WAL mode lets readers
 * run beside a writer; several pipeline workers writing at once queue on SQLite's lock (busy
 * timeout), which is the price of a zero-setup store.
 */
public final class SqliteCacheStore implements CacheStore {
  static final String TABLE = "cache_documents";
  private static final int POOL_SIZE = 4;
  private static final int CHUNK = 500;

  private final Path path;
  private final BlockingQueue<Connection> pool;
  /** How often a caller waiting for a connection looks whether the store was closed meanwhile. */
  private static final long CLOSED_CHECK_MILLIS = 100;
  private volatile boolean closed;

  private SqliteCacheStore(Path path, BlockingQueue<Connection> pool) {
    this.path = path;
    this.pool = pool;
  }

  /**
   * Opens (creating when absent) the store file.
   *
   * @throws StoreUnavailableException when the file cannot be created or opened, or is an SQLite
   *     database of something else
   */
  public static SqliteCacheStore open(Path path) {
    Path absolute = path.toAbsolutePath();
    // Fair: under HTTP load many readers wait for few connections, and an unfair queue let some
    // of them wait for seconds while others took a connection again and again.
    BlockingQueue<Connection> pool = new ArrayBlockingQueue<>(POOL_SIZE, true);
    try {
      if (absolute.getParent() != null) {
        Files.createDirectories(absolute.getParent());
      }
      for (int i = 0; i < POOL_SIZE; i++) {
        Connection connection = SqliteFiles.connect(absolute);
        pool.add(connection);
        try (Statement statement = connection.createStatement()) {
          statement.execute("PRAGMA busy_timeout = 60000");
          if (i == 0) {
            SqliteFiles.refuseForeign(connection);
            // A new file only (SQLite keeps an existing file's page size and table): rows of a
            // few KB want a rowid table of 16 KiB pages. The WITHOUT ROWID table of 4 KiB pages
            // this store began with put most of each document in overflow pages and whole rows
            // in the index's inner pages: bench/store, 400k documents in key order, 14.6 s and
            // 1,541 MiB against 10.1 s and 1,052 MiB. Both layouts answer the same statements.
            statement.execute("PRAGMA page_size = 16384");
            statement.execute("PRAGMA journal_mode = WAL");
            statement.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " ("
                + " key TEXT NOT NULL UNIQUE, type TEXT NOT NULL, expires_at_ms INTEGER NOT NULL,"
                + " content_hash TEXT NOT NULL, document TEXT NOT NULL)");
          }
          statement.execute("PRAGMA synchronous = NORMAL");
        }
      }
      return new SqliteCacheStore(absolute, pool);
    } catch (Exception e) {
      pool.forEach(SqliteCacheStore::closeQuietly);
      throw new StoreUnavailableException("cannot open the embedded store at " + absolute
          + ": " + e.getMessage() + SqliteFiles.hint(absolute, e), e);
    }
  }

  /**
   * Opens the existing store file read-only, for code that only reads it (the CLI's reading
   * commands, a dry run, the HTTP service): nothing in the file changes, and a copy this process
   * may not write can be read. Writing through it fails.
   *
   * <p>A store file that holds a run ledger but no documents yet (a scheduled run that took its
   * lease and failed before writing) reads as an empty store, as does a documents table a run
   * has yet to make: a dry run against it plans to write everything, and a reader finds nothing.
   *
   * @throws StoreUnavailableException when there is no file, it cannot be opened, it is an SQLite
   *     database of something else, or it holds none of a store's tables
   */
  public static SqliteCacheStore openForReading(Path path) {
    Path absolute = path.toAbsolutePath();
    BlockingQueue<Connection> pool = new ArrayBlockingQueue<>(POOL_SIZE, true);
    try {
      for (int i = 0; i < POOL_SIZE; i++) {
        Connection connection = SqliteFiles.connectForReading(absolute);
        pool.add(connection);
        if (i == 0 && !SqliteFiles.hasStoreTable(connection)) {
          throw new SQLException("it holds no cache documents (no table " + TABLE + "): write"
              + " them with 'precompute run'");
        }
      }
      return new SqliteCacheStore(absolute, pool);
    } catch (StoreUnavailableException e) {
      pool.forEach(SqliteCacheStore::closeQuietly);
      throw e;
    } catch (Exception e) {
      pool.forEach(SqliteCacheStore::closeQuietly);
      throw new StoreUnavailableException("cannot open the embedded store at " + absolute
          + " for reading: " + e.getMessage() + SqliteFiles.hint(absolute, e), e);
    }
  }

  @Override
  public Optional<CacheDocument> get(String key) {
    return Optional.ofNullable(getAll(List.of(key)).get(key));
  }

  @Override
  public Map<String, CacheDocument> getAll(Collection<String> keys) {
    Map<String, CacheDocument> found = new HashMap<>();
    List<String> all = List.copyOf(keys);
    withDocuments(null, connection -> {
      for (int from = 0; from < all.size(); from += CHUNK) {
        List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
        String sql = "SELECT key, document FROM cache_documents WHERE key IN ("
            + "?,".repeat(chunk.size() - 1) + "?)";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
          for (int i = 0; i < chunk.size(); i++) {
            select.setString(i + 1, chunk.get(i));
          }
          try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
              String key = rows.getString(1);
              String json = rows.getString(2);
              found.put(key,
                  UnreadableDocumentException.decoded(key, () -> CacheDocument.fromJson(json)));
            }
          }
        }
      }
      return null;
    });
    return found;
  }

  @Override
  public void write(List<CacheDocument> documents) {
    writeRendered(documents.stream().map(RenderedDocument::of).toList());
  }

  /** Stores each document's JSON as it is: the pipelines rendered it once, where they built it. */
  @Override
  public void writeRendered(List<RenderedDocument> documents) {
    if (documents.isEmpty()) {
      return;
    }
    withTransaction("INSERT INTO cache_documents (key, type, expires_at_ms, content_hash, document)"
        + " VALUES (?, ?, ?, ?, CAST(? AS TEXT)) ON CONFLICT(key) DO UPDATE SET type = excluded.type,"
        + " expires_at_ms = excluded.expires_at_ms, content_hash = excluded.content_hash,"
        + " document = excluded.document", upsert -> {
          for (RenderedDocument document : documents) {
            upsert.setString(1, document.key());
            upsert.setString(2, document.type());
            upsert.setLong(3, document.expiresAt().toEpochMilli());
            upsert.setString(4, document.contentHash());
            // The rendered UTF-8 bytes as they are, stored as TEXT: no decode and re-encode.
            upsert.setBytes(5, document.jsonUtf8());
            upsert.addBatch();
          }
        });
  }

  @Override
  public void delete(Collection<String> keys) {
    if (keys.isEmpty()) {
      return;
    }
    withTransaction("DELETE FROM cache_documents WHERE key = ?", delete -> {
      for (String key : keys) {
        delete.setString(1, key);
        delete.addBatch();
      }
    });
  }

  @Override
  public List<String> keysWithPrefix(String prefix, int limit) {
    return withDocuments(List.of(), connection -> {
      List<String> keys = new ArrayList<>();
      // A range scan on the primary key rather than LIKE, which would treat '_' as a wildcard.
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT key FROM cache_documents WHERE key >= ? AND key < ? ORDER BY key LIMIT ?")) {
        select.setString(1, prefix);
        select.setString(2, prefix + Character.MAX_VALUE);
        select.setInt(3, limit);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            keys.add(rows.getString(1));
          }
        }
      }
      return keys;
    });
  }

  private static Instant instantOrNoExpiry(Object expiresAt) {
    if (expiresAt instanceof String text) {
      try {
        return Instant.parse(text);
      } catch (java.time.format.DateTimeParseException notAnInstant) {
        // Read as long past, below.
      }
    }
    return DocumentStamp.NO_EXPIRY;
  }

  @Override
  public void forEachStamp(String job, Consumer<DocumentStamp> action) {
    withDocuments(null, connection -> {
      // The stamp is read from the envelope: its expiry to the nanosecond (expires_at_ms keeps
      // milliseconds), and its hash as the README tells an operator to edit it. A row that is not
      // JSON (json_extract would fail the whole query on it) belongs to no job here; a field
      // missing or unreadable reads so that the run rewrites the document.
      try (PreparedStatement select = connection.prepareStatement("SELECT key,"
          + " json_extract(document, '$.contentHash'), json_extract(document, '$.expiresAt'),"
          + " json_extract(document, '$.schemaVersion')"
          + " FROM (SELECT key, CASE WHEN json_valid(document) THEN document ELSE '{}' END"
          + " AS document FROM cache_documents)"
          + " WHERE json_extract(document, '$.job') = ?")) {
        select.setString(1, job);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            Object hash = rows.getObject(2);
            Object version = rows.getObject(4);
            action.accept(new DocumentStamp(rows.getString(1), job,
                hash instanceof String text ? text : DocumentStamp.NO_HASH,
                instantOrNoExpiry(rows.getObject(3)),
                version instanceof Number number ? number.intValue() : 0));
          }
        }
      }
      return null;
    });
  }

  @Override
  public String describe() {
    return "sqlite:" + path;
  }

  @Override
  public void close() {
    closed = true;
    Connection connection;
    while ((connection = pool.poll()) != null) {
      closeQuietly(connection);
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // Closing on shutdown: nothing left to save.
    }
  }

  private interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }

  private interface BatchFiller {
    void fill(PreparedStatement statement) throws SQLException;
  }

  private void withTransaction(String sql, BatchFiller filler) {
    withConnection(connection -> {
      connection.setAutoCommit(false);
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        filler.fill(statement);
        statement.executeBatch();
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
      return null;
    });
  }

  /**
   * A read of the documents table, answering {@code whenNoTable} while the file has no such
   * table: only a file opened for reading can lack it ({@link #openForReading}).
   */
  private <T> T withDocuments(T whenNoTable, SqlWork<T> read) {
    return withConnection(connection -> {
      try {
        return read.run(connection);
      } catch (SQLException e) {
        if (SqliteFiles.isMissingTable(e, TABLE)) {
          return whenNoTable;
        }
        throw e;
      }
    });
  }

  private <T> T withConnection(SqlWork<T> work) {
    Connection connection;
    try {
      // close() empties the pool: a caller waiting on it must notice, not wait forever.
      while ((connection = pool.poll(CLOSED_CHECK_MILLIS, TimeUnit.MILLISECONDS)) == null) {
        checkOpen();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted waiting for " + describe(), e);
    }
    try {
      checkOpen();
      return work.run(connection);
    } catch (SQLException e) {
      throw new StoreUnavailableException(describe() + " failed: " + e.getMessage(), e);
    } finally {
      if (closed) {
        closeQuietly(connection); // in use while the store closed: nothing will take it again
      } else {
        pool.add(connection);
        if (closed && pool.remove(connection)) {
          closeQuietly(connection); // close() drained the pool between the check and the add
        }
      }
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(describe() + " is closed");
    }
  }
}
