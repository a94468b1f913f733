package com.avalo.precompute.serving.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** What an SQLite file holds, read around the code under test through a read-only connection. */
final class SqliteFileFacts {
  private SqliteFileFacts() {}

  /** The file's tables by name, SQLite's own included. */
  static List<String> tables(Path file) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection connection = readOnly(file);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
      while (rows.next()) {
        names.add(rows.getString(1));
      }
    }
    return names;
  }

  /** The value of {@code PRAGMA name}, as text. */
  static String pragma(Path file, String name) throws SQLException {
    try (Connection connection = readOnly(file);
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("PRAGMA " + name)) {
      row.next();
      return row.getString(1);
    }
  }

  private static Connection readOnly(Path file) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:file:" + file + "?mode=ro");
  }
}
