package com.avalo.precompute.serving.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The run ledger in the embedded store's SQLite file, table {@value #TABLE}: one row per window,
 * its primary key (schedule, window start) making a window's first record create-if-absent.
 * Every step is one {@code BEGIN IMMEDIATE} transaction, which takes SQLite's write lock at once,
 * so concurrent launches (other threads, other processes) take their turns and each reads what
 * the one before it wrote; a takeover reads the expired attempt and appends its own in one step.
 */
public final class SqliteRunLedger extends AtomicLedger {
  static final String TABLE = "precompute_runs";
  private static final String COLUMNS = "schedule, window_start_ms, window_end_ms, state, attempt,"
      + " updated_at_ms, attempts";

  private final Path path;
  private final Connection connection;
  private final boolean forReading;

  private SqliteRunLedger(Path path, Connection connection, boolean forReading) {
    this.path = path;
    this.connection = connection;
    this.forReading = forReading;
  }

  /**
   * Opens the ledger in the store file at {@code path}, creating the file and table when absent.
   *
   * @throws StoreUnavailableException when the file cannot be created or opened
   */
  public static SqliteRunLedger open(Path path) {
    Path absolute = path.toAbsolutePath();
    Connection connection = null;
    try {
      connection = SqliteFiles.connectWaitingForLocks(absolute);
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (schedule TEXT NOT NULL,"
            + " window_start_ms INTEGER NOT NULL, window_end_ms INTEGER NOT NULL, state TEXT NOT NULL,"
            + " attempt INTEGER NOT NULL, updated_at_ms INTEGER NOT NULL, attempts TEXT NOT NULL,"
            + " PRIMARY KEY (schedule, window_start_ms)) WITHOUT ROWID");
      }
      return new SqliteRunLedger(absolute, connection, false);
    } catch (Exception e) {
      closeQuietly(connection);
      throw new StoreUnavailableException("cannot open the run ledger in " + absolute + ": "
          + e.getMessage() + SqliteFiles.hint(absolute, e), e);
    }
  }

  /**
   * Opens the ledger in the existing store file at {@code path} read-only, for listing it: nothing
   * in the file changes, and a store that never ran a schedule (no table) reads as an empty
   * ledger. Taking a lease or recording an outcome through it fails.
   *
   * @throws StoreUnavailableException when there is no file, it cannot be opened, or it is an
   *     SQLite database of something else
   */
  public static SqliteRunLedger openForReading(Path path) {
    Path absolute = path.toAbsolutePath();
    try {
      return new SqliteRunLedger(absolute, SqliteFiles.connectForReading(absolute), true);
    } catch (StoreUnavailableException e) {
      throw e;
    } catch (Exception e) {
      throw new StoreUnavailableException("cannot open the run ledger in " + absolute
          + " for reading: " + e.getMessage() + SqliteFiles.hint(absolute, e), e);
    }
  }

  @Override
  public synchronized Lease acquire(LeaseRequest request) {
    checkWritable();
    return inTransaction(() -> {
      LedgerRecord first = LeaseRules.first(request);
      if (insertIfAbsent(first)) {
        return new Lease.Granted(first, first.latest(), null);
      }
      LeaseRules.Decision decision = LeaseRules.decide(read(request.schedule(), request.windowStart()),
          request);
      if (decision.store() != null) {
        update(decision.store());
      }
      return decision.lease();
    });
  }

  @Override
  synchronized boolean change(String schedule, Instant windowStart,
      Function<LedgerRecord, Optional<LedgerRecord>> change) {
    checkWritable();
    return inTransaction(() -> {
      Optional<LedgerRecord> changed = read(schedule, windowStart).flatMap(change);
      if (changed.isPresent()) {
        update(changed.get());
      }
      return changed.isPresent();
    });
  }

  @Override
  public synchronized Optional<LedgerRecord> get(String schedule, Instant windowStart) {
    return sql(() -> read(schedule, windowStart));
  }

  @Override
  public synchronized List<LedgerRecord> newest(String schedule, int limit) {
    return sql(() -> {
      if (!tableReadable()) {
        return List.of();
      }
      String where = schedule == null ? "" : " WHERE schedule = ?";
      try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM "
          + TABLE + where + " ORDER BY window_start_ms DESC, schedule LIMIT ?")) {
        int index = 1;
        if (schedule != null) {
          select.setString(index++, schedule);
        }
        select.setInt(index, limit);
        List<LedgerRecord> records = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            records.add(record(rows));
          }
        }
        return records;
      }
    });
  }

  @Override
  public synchronized List<String> schedules() {
    return sql(() -> {
      if (!tableReadable()) {
        return List.of();
      }
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT DISTINCT schedule FROM " + TABLE + " ORDER BY schedule");
          ResultSet rows = select.executeQuery()) {
        List<String> schedules = new ArrayList<>();
        while (rows.next()) {
          schedules.add(rows.getString(1));
        }
        return schedules;
      }
    });
  }

  @Override
  public String describe() {
    return "sqlite:" + path + " (table " + TABLE + ")";
  }

  @Override
  public synchronized void close() {
    closeQuietly(connection);
  }

  private boolean insertIfAbsent(LedgerRecord record) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE + " ("
        + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (schedule, window_start_ms) DO NOTHING")) {
      insert.setString(1, record.schedule());
      insert.setLong(2, record.windowStart().toEpochMilli());
      insert.setLong(3, record.windowEnd().toEpochMilli());
      insert.setString(4, record.state().name());
      insert.setInt(5, record.latest().attempt());
      insert.setLong(6, Instant.now().toEpochMilli());
      insert.setString(7, LedgerCodec.attempts(record));
      return insert.executeUpdate() == 1;
    }
  }

  private void update(LedgerRecord record) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement("UPDATE " + TABLE + " SET state = ?,"
        + " attempt = ?, updated_at_ms = ?, attempts = ? WHERE schedule = ? AND window_start_ms = ?")) {
      update.setString(1, record.state().name());
      update.setInt(2, record.latest().attempt());
      update.setLong(3, Instant.now().toEpochMilli());
      update.setString(4, LedgerCodec.attempts(record));
      update.setString(5, record.schedule());
      update.setLong(6, record.windowStart().toEpochMilli());
      if (update.executeUpdate() != 1) {
        throw new SQLException("the record " + record.id() + " vanished during its update");
      }
    }
  }

  private Optional<LedgerRecord> read(String schedule, Instant windowStart) throws SQLException {
    if (!tableReadable()) {
      return Optional.empty();
    }
    try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM " + TABLE
        + " WHERE schedule = ? AND window_start_ms = ?")) {
      select.setString(1, schedule);
      select.setLong(2, windowStart.toEpochMilli());
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(record(rows)) : Optional.empty();
      }
    }
  }

  /**
   * Whether the table is there to read: always when opened for writing (opening made it), and
   * when opened for reading only if some schedule has run against this store.
   */
  private boolean tableReadable() throws SQLException {
    return !forReading || SqliteFiles.hasTable(connection, TABLE);
  }

  private void checkWritable() {
    if (forReading) {
      throw new IllegalStateException(describe() + " was opened for reading only");
    }
  }

  private LedgerRecord record(ResultSet row) throws SQLException {
    String schedule = row.getString("schedule");
    Instant start = Instant.ofEpochMilli(row.getLong("window_start_ms"));
    return new LedgerRecord(schedule, start, Instant.ofEpochMilli(row.getLong("window_end_ms")),
        LedgerCodec.attempts(row.getString("attempts"), LedgerRecord.id(schedule, start)));
  }

  private interface SqlWork<T> {
    T run() throws SQLException;
  }

  private <T> T inTransaction(SqlWork<T> work) {
    return sql(() -> {
      try (Statement statement = connection.createStatement()) {
        statement.execute("BEGIN IMMEDIATE");
      }
      try {
        T result = work.run();
        try (Statement statement = connection.createStatement()) {
          statement.execute("COMMIT");
        }
        return result;
      } catch (SQLException | RuntimeException e) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("ROLLBACK");
        } catch (SQLException ignored) {
          // The failure that got us here is the one to report.
        }
        throw e;
      }
    });
  }

  private <T> T sql(SqlWork<T> work) {
    try {
      return work.run();
    } catch (SQLException e) {
      throw new StoreUnavailableException(describe() + " failed: " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // Closing: nothing left to save.
      }
    }
  }
}
