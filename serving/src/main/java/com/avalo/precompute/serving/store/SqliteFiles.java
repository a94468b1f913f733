package com.avalo.precompute.serving.store;

import com.google.common.base.Throwables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.sqlite.JDBC;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Opening the embedded store's SQLite file, for the cache store and the run ledger alike. */
final class SqliteFiles {
  private static final Driver DRIVER = loadDriver();

  /** The tables of this project that a store file may hold; a file with none of them is not ours. */
  private static final Set<String> STORE_TABLES = Set.of(SqliteCacheStore.TABLE,
      SqliteRunLedger.TABLE, SqliteLastWriters.TABLE);

  private SqliteFiles() {}

  /**
   * A new connection to the file at {@code path}, made by the driver itself rather than through
   * {@code DriverManager}: on a Flink session cluster every job has a class loader of its own, and
   * DriverManager refuses the driver an earlier job's loader registered, so each job after the
   * first failed with "No suitable driver found for jdbc:sqlite:...".
   */
  static Connection connect(Path path) throws SQLException {
    return DRIVER.connect(JDBC.PREFIX + path, new Properties());
  }

  /**
   * A connection to the store file at {@code absolute} (created with its directories when absent)
   * for the run ledger and the last writers: a wait of up to a minute for another connection's
   * write lock, and the write-ahead log, so that readers never wait for a writer. (The cache
   * store connects on its own, to set a new file's page size first.)
   *
   * @throws SQLException also when the file is an SQLite database of something else
   *     ({@link #refuseForeign})
   */
  static Connection connectWaitingForLocks(Path absolute) throws IOException, SQLException {
    if (absolute.getParent() != null) {
      Files.createDirectories(absolute.getParent());
    }
    Connection connection = connect(absolute);
    try (Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA busy_timeout = 60000");
      refuseForeign(connection);
      statement.execute("PRAGMA journal_mode = WAL");
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return connection;
  }

  /**
   * A read-only connection to the existing store file at {@code absolute}, for code that only
   * reads: nothing in the file changes (not its journal mode, no table is made), and a copy the
   * process may not write can still be read. Waits up to a minute for a lock, as writers do.
   *
   * @throws StoreUnavailableException when there is no file at {@code absolute}: opening would
   *     otherwise fail with SQLite's bare "unable to open database file"
   * @throws SQLException when the file cannot be opened, or is an SQLite database of something
   *     else ({@link #refuseForeign})
   */
  static Connection connectForReading(Path absolute) throws SQLException {
    if (Files.isDirectory(absolute)) {
      throw new StoreUnavailableException("there is no store file at " + absolute + ": it is a"
          + " directory (give the store a file's path, such as " + absolute.resolve("cache.db")
          + ")");
    }
    if (!Files.isRegularFile(absolute)) {
      throw new StoreUnavailableException("there is no store file at " + absolute
          + " (write one with 'precompute run', or fix the path)");
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(60_000);
    Connection connection = DRIVER.connect(JDBC.PREFIX + absolute, config.toProperties());
    try {
      refuseForeign(connection);
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return connection;
  }

  /**
   * Refuses a file that already holds tables and none of a store's: a mistyped {@code --store}
   * that names another program's database would otherwise get the store's tables added and its
   * journal switched to the write-ahead log. A new or empty file passes.
   */
  static void refuseForeign(Connection connection) throws SQLException {
    List<String> tables = tables(connection);
    if (!tables.isEmpty() && tables.stream().noneMatch(STORE_TABLES::contains)) {
      throw new SQLException("it is an SQLite database of something else, not a cache store"
          + " (its tables: " + String.join(", ", tables.subList(0, Math.min(10, tables.size())))
          + (tables.size() > 10 ? ", ..." : "") + "); give the store a new file's path, or the"
          + " path of a file 'precompute run' wrote");
    }
  }

  /** Whether the file holds the table {@code name}. */
  static boolean hasTable(Connection connection, String name) throws SQLException {
    return tables(connection).contains(name);
  }

  /** Whether the file holds any of a store's tables: documents, the run ledger, last writers. */
  static boolean hasStoreTable(Connection connection) throws SQLException {
    return tables(connection).stream().anyMatch(STORE_TABLES::contains);
  }

  /**
   * Whether {@code e} says the table {@code name} does not exist: a reader of a store file made by
   * a run that recorded its lease and died before writing a document meets it, and so does one
   * whose file the first run has not reached yet.
   */
  static boolean isMissingTable(SQLException e, String name) {
    return e.getMessage() != null && e.getMessage().contains("no such table: " + name);
  }

  private static List<String> tables(Connection connection) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT name FROM sqlite_master"
            + " WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")) {
      while (rows.next()) {
        tables.add(rows.getString(1));
      }
    }
    return tables;
  }

  /**
   * The driver, with the registration its class makes as it loads taken back when this code runs
   * in a class loader of its own (a job's, on a Flink TaskManager). DriverManager is part of the
   * JDK and holds what is registered until it is deregistered, so that registration kept every
   * finished job's class loader, and the thousands of classes it loaded, in the TaskManager's
   * metaspace: about 31 MB a run, until the TaskManager died of "OutOfMemoryError: Metaspace"
   * (scripts/flink/RESULTS.md, section 6). Nothing here connects through DriverManager. Loaded by
   * the application's own class loader (the CLI, the server, tests), the registration stays, for
   * code that does.
   */
  private static Driver loadDriver() {
    Driver driver = new JDBC();
    if (JDBC.class.getClassLoader() != ClassLoader.getSystemClassLoader()) {
      for (Driver registered : Collections.list(DriverManager.getDrivers())) {
        if (registered.getClass() == JDBC.class) {
          try {
            DriverManager.deregisterDriver(registered);
          } catch (SQLException | SecurityException e) {
            // Only a leak is at stake, and a store that cannot open would be worse.
            System.getLogger(SqliteFiles.class.getName()).log(System.Logger.Level.WARNING,
                "could not deregister the SQLite driver; this class loader stays in memory", e);
          }
        }
      }
    }
    return driver;
  }

  /**
   * What to tell the operator after the message of {@code failure}, a failure to open the file at
   * {@code path}: the likely fix where there is one, else nothing.
   */
  static String hint(Path path, Exception failure) {
    if (Files.isDirectory(path)) {
      return " (it is a directory: give the store a file's path, such as " + path.resolve("cache.db")
          + ")";
    }
    for (Throwable cause : Throwables.getCausalChain(failure)) {
      if (cause instanceof SQLiteException sqlite) {
        // Extended result codes (SQLITE_CANTOPEN_ISDIR, ...) carry the primary code in the low byte.
        int primary = sqlite.getResultCode().code & 0xff;
        if (primary == SQLiteErrorCode.SQLITE_NOTADB.code) {
          return " (the file is not a SQLite database)";
        }
        if (primary == SQLiteErrorCode.SQLITE_CANTOPEN.code
            || primary == SQLiteErrorCode.SQLITE_PERM.code
            || primary == SQLiteErrorCode.SQLITE_READONLY.code) {
          return " (check that the directory is writable)";
        }
        return "";
      }
      if (cause instanceof IOException) {
        // Creating the directories failed.
        return " (check that the directory is writable)";
      }
    }
    return "";
  }
}
