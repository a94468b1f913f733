package com.avalo.precompute.serving.store;

import com.google.common.base.Throwables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Properties;
import org.sqlite.JDBC;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Opening the embedded store's SQLite file, for the cache store and the run ledger alike. */
final class SqliteFiles {
  private static final Driver DRIVER = loadDriver();

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
   */
  static Connection connectWaitingForLocks(Path absolute) throws IOException, SQLException {
    if (absolute.getParent() != null) {
      Files.createDirectories(absolute.getParent());
    }
    Connection connection = connect(absolute);
    try (Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA busy_timeout = 60000");
      statement.execute("PRAGMA journal_mode = WAL");
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return connection;
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
