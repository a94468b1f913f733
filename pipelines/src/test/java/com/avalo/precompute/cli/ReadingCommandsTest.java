package com.avalo.precompute.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.StoreSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The commands that only read the embedded store ({@code get}, {@code report}, {@code runs}, a dry
 * run) leave its file as it was, and every command refuses an SQLite file of another program
 * rather than adding the store's tables to it.
 */
public class ReadingCommandsTest {
  @Rule public final TemporaryFolder dir = new TemporaryFolder();

  private static final String FIXTURE = "--input=src/test/resources/fixtures/small";

  @Test
  public void readingAStoreLeavesItsFileAsItWas() throws Exception {
    Path db = dir.getRoot().toPath().resolve("cache.db");
    CacheDocument tokens = CliRuns.tokens("ana");
    try (CacheStore store = StoreSpec.sqlite(db).open()) {
      store.write(List.of(tokens));
    }
    byte[] before = Files.readAllBytes(db);
    String store = "--store=sqlite:" + db;

    CliRuns.Result get = CliRuns.run("get", tokens.key(), store);
    assertEquals(get.err(), 0, get.exitCode());
    CliRuns.Result report = CliRuns.run("report", store,
        "--out=" + dir.getRoot().toPath().resolve("report.html"));
    assertEquals(report.err(), 0, report.exitCode());
    CliRuns.Result runs = CliRuns.run("runs", store);
    assertEquals(runs.err(), 0, runs.exitCode());
    assertThat(runs.out(), containsString("no runs recorded"));

    assertArrayEquals("the store file's bytes", before, Files.readAllBytes(db));
    assertEquals("no ledger table made by listing or reporting", List.of("cache_documents"),
        tables(db));
  }

  @Test
  public void everyCommandRefusesAnSqliteFileOfAnotherProgramAndLeavesItAsItWas()
      throws Exception {
    Path other = dir.getRoot().toPath().resolve("app.db");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + other);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL)");
    }
    byte[] before = Files.readAllBytes(other);
    String store = "--store=sqlite:" + other;

    List<String[]> commands = List.of(
        new String[] {"get", CliRuns.tokens("ana").key(), store},
        new String[] {"report", store, "--out=" + dir.getRoot().toPath().resolve("report.html")},
        new String[] {"runs", store},
        new String[] {"run", "profiles", FIXTURE, store, "--as-of=2026-11-23", "--dry-run"},
        new String[] {"run", "profiles", FIXTURE, store, "--as-of=2026-11-23"});
    for (String[] command : commands) {
      CliRuns.Result result = CliRuns.run(command);
      assertEquals(String.join(" ", command) + ": " + result.err(), 2, result.exitCode());
      assertThat(String.join(" ", command), result.err(), containsString(other.toString()));
      assertThat(String.join(" ", command), result.err(), containsString("it is an SQLite"
          + " database of something else, not a cache store (its tables: orders)"));
    }

    assertArrayEquals("the file's bytes", before, Files.readAllBytes(other));
    assertEquals(List.of("orders"), tables(other));
  }

  private static List<String> tables(Path file) throws Exception {
    List<String> names = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:file:" + file + "?mode=ro");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
      while (rows.next()) {
        names.add(rows.getString(1));
      }
    }
    return names;
  }
}
