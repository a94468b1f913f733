package com.avalo.precompute.serving.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;

/** The last writers of the embedded store, in table {@value #TABLE} of its file: a row per job. */
public final class SqliteLastWriters implements LastWriters {
  static final String TABLE = "precompute_last_writers";

  private final Path path;
  private final Connection connection;

  private SqliteLastWriters(Path path, Connection connection) {
    this.path = path;
    this.connection = connection;
  }

  /**
   * Opens the marks in the store file at {@code path}, creating the file when absent; the table
   * is created by the first mark, so that reading an existing store (as a dry run does) changes
   * nothing in it.
   *
   * @throws StoreUnavailableException when the file cannot be created or opened
   */
  public static SqliteLastWriters open(Path path) {
    Path absolute = path.toAbsolutePath();
    try {
      return new SqliteLastWriters(absolute, SqliteFiles.connectWaitingForLocks(absolute));
    } catch (Exception e) {
      throw new StoreUnavailableException("cannot open the last writers in " + absolute + ": "
          + e.getMessage() + SqliteFiles.hint(absolute, e), e);
    }
  }

  /**
   * Opens the marks in the existing store file at {@code path} read-only, for a dry run: nothing
   * in the file changes. Writing a mark through it fails.
   *
   * @throws StoreUnavailableException when there is no file, it cannot be opened, or it is an
   *     SQLite database of something else
   */
  public static SqliteLastWriters openForReading(Path path) {
    Path absolute = path.toAbsolutePath();
    try {
      return new SqliteLastWriters(absolute, SqliteFiles.connectForReading(absolute));
    } catch (StoreUnavailableException e) {
      throw e;
    } catch (Exception e) {
      throw new StoreUnavailableException("cannot open the last writers in " + absolute
          + " for reading: " + e.getMessage() + SqliteFiles.hint(absolute, e), e);
    }
  }

  @Override
  public synchronized Optional<LastWriter> get(String job) {
    try {
      return read(job);
    } catch (SQLException e) {
      throw failed("read", e);
    }
  }

  @Override
  public synchronized void put(LastWriter writer) {
    try {
      createTable();
      write(writer);
    } catch (SQLException e) {
      throw failed("write", e);
    }
  }

  /** In one {@code BEGIN IMMEDIATE} transaction, which takes the file's write lock at once. */
  @Override
  public synchronized Optional<LastWriter> replace(Optional<LastWriter> seen, LastWriter next) {
    try {
      createTable();
      execute("BEGIN IMMEDIATE");
      try {
        Optional<LastWriter> found = read(next.job());
        boolean unchanged = LastWriters.stillSeen(seen, found);
        if (unchanged) {
          write(next);
        }
        execute("COMMIT");
        return unchanged ? Optional.empty() : found;
      } catch (SQLException | RuntimeException e) {
        try {
          execute("ROLLBACK");
        } catch (SQLException ignored) {
          // The failure that got us here is the one to report.
        }
        throw e;
      }
    } catch (SQLException e) {
      throw failed("write", e);
    }
  }

  /** Empty also when no mark was ever written, and the table is not there. */
  private Optional<LastWriter> read(String job) throws SQLException {
    try (PreparedStatement table = connection.prepareStatement(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
      table.setString(1, TABLE);
      try (ResultSet found = table.executeQuery()) {
        if (!found.next()) {
          return Optional.empty();
        }
      }
    }
    try (PreparedStatement select = connection.prepareStatement("SELECT run_id, state_location,"
        + " started_at_ms FROM " + TABLE + " WHERE job = ?")) {
      select.setString(1, job);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(new LastWriter(job, row.getString(1), row.getString(2),
            Instant.ofEpochMilli(row.getLong(3)))) : Optional.empty();
      }
    }
  }

  private void createTable() throws SQLException {
    execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (job TEXT PRIMARY KEY,"
        + " run_id TEXT NOT NULL, state_location TEXT NOT NULL,"
        + " started_at_ms INTEGER NOT NULL) WITHOUT ROWID");
  }

  private void write(LastWriter writer) throws SQLException {
    try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + TABLE
        + " (job, run_id, state_location, started_at_ms) VALUES (?, ?, ?, ?) ON CONFLICT (job)"
        + " DO UPDATE SET run_id = excluded.run_id, state_location = excluded.state_location,"
        + " started_at_ms = excluded.started_at_ms")) {
      upsert.setString(1, writer.job());
      upsert.setString(2, writer.runId());
      upsert.setString(3, writer.stateLocation());
      upsert.setLong(4, writer.startedAt().toEpochMilli());
      upsert.executeUpdate();
    }
  }

  private void execute(String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private StoreUnavailableException failed(String what, SQLException e) {
    return new StoreUnavailableException("cannot " + what + " the last writers in " + describe()
        + ": " + e.getMessage() + SqliteFiles.hint(path, e), e);
  }

  @Override
  public String describe() {
    return "sqlite:" + path + " (table " + TABLE + ")";
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // Closing: nothing left to save.
    }
  }
}
