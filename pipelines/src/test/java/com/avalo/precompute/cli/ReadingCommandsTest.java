package com.avalo.precompute.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

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

  /**
   * A dry run writes nothing, so it needs no place for dead letters, and a store file holding a
   * ledger but no documents yet (a scheduled launch that failed before writing) is an empty store
   * to it, not a refusal.
   */
  @Test
  public void aDryRunReadsAStoreWithALedgerOnlyAndNeedsNoDeadLetterPlace() throws Exception {
    Path db = dir.getRoot().toPath().resolve("cache.db");
    try (var ledger = StoreSpec.sqlite(db).openLedger()) {
      ledger.newest(null, 1); // makes the file and the ledger's table, as a launch does
    }
    assertEquals(List.of("precompute_runs"), tables(db));
    byte[] before = Files.readAllBytes(db);
    Path notADirectory = dir.newFile("letters-here").toPath();

    CliRuns.Result result = CliRuns.run("run", "profiles", FIXTURE, "--store=sqlite:" + db,
        "--as-of=2026-11-23", "--dry-run", "--run-id=dry-ledger-only",
        "--dead-letter-dir=" + notADirectory.resolve("sub"));
    assertEquals(result.err(), 0, result.exitCode());
    assertThat(result.out(), containsString("(delete 0, leave 0 unchanged)"));
    assertArrayEquals("the store file's bytes", before, Files.readAllBytes(db));
  }

  /** Planning a run does not make a missing store that the run is then refused before writing. */
  @Test
  public void aRefusedRunLeavesNoStoreWhereItsFileWasDeleted() throws Exception {
    Path db = dir.getRoot().toPath().resolve("cache.db");
    String store = "--store=sqlite:" + db;
    CliRuns.Result first = CliRuns.run("run", "profiles", FIXTURE, store, "--as-of=2026-11-23",
        "--runner=DirectRunner");
    assertEquals(first.err(), 0, first.exitCode());
    Files.delete(db); // its state (the manifests) stays beside it
    Files.deleteIfExists(Path.of(db + "-wal"));
    Files.deleteIfExists(Path.of(db + "-shm"));

    CliRuns.Result refused = CliRuns.run("run", "profiles",
        "--input=" + dir.getRoot().toPath().resolve("no-such-export"), store,
        "--as-of=2026-11-24", "--runner=DirectRunner");
    assertEquals(refused.err(), 2, refused.exitCode());
    assertEquals("no store file made", false, Files.exists(db));
  }

  /**
   * A run id's dead letters are kept from a second run under the id whose state location does not
   * list the first (another one, or past the runs it keeps).
   */
  @Test
  public void aRunIdWithDeadLettersIsRefusedWhateverTheStateLocation() throws Exception {
    Path db = dir.getRoot().toPath().resolve("cache.db");
    String store = "--store=sqlite:" + db;
    // The small fixture with one line no job can read.
    Path input = dir.newFolder("input").toPath();
    try (var files = Files.list(Path.of("src/test/resources/fixtures/small"))) {
      for (Path file : files.toList()) {
        Files.copy(file, input.resolve(file.getFileName()));
      }
    }
    Files.writeString(input.resolve("users.ndjson"), "not a record\n",
        java.nio.file.StandardOpenOption.APPEND);
    String fixture = "--input=" + input;
    CliRuns.Result first = CliRuns.run("run", "profiles", fixture, store,
        "--as-of=2026-11-23", "--run-id=fix1", "--runner=DirectRunner",
        "--stateLocation=" + dir.getRoot().toPath().resolve("state-a"));
    assertEquals(first.err(), 0, first.exitCode());
    Path letters = dir.getRoot().toPath().resolve("dead-letters").resolve("fix1");
    byte[] kept;
    try (var files = Files.walk(letters)) {
      Path file = files.filter(f -> f.getFileName().toString().startsWith("dead-letters"))
          .findFirst().orElseThrow();
      kept = Files.readAllBytes(file);
    }
    assertThat("the fixture has a record to refuse", new String(kept), containsString("\"reason\""));

    CliRuns.Result second = CliRuns.run("run", "profiles", fixture, store,
        "--as-of=2026-11-24", "--run-id=fix1", "--runner=DirectRunner",
        "--stateLocation=" + dir.getRoot().toPath().resolve("state-b"));
    assertEquals(second.err(), 2, second.exitCode());
    assertThat(second.err(), containsString("error: run id 'fix1' has dead letters of an earlier"
        + " run in " + letters + ", which this run would overwrite"));
    assertFalse("the first run gave its claim back", Files.exists(letters.resolve("claimed-by.txt")));
  }

  /** Workers elsewhere cannot write a run's manifest into a directory on this machine. */
  @Test
  public void aLocalStateLocationIsRefusedForWorkersElsewhere() {
    Path db = dir.getRoot().toPath().resolve("cache.db");
    CliRuns.Result result = CliRuns.run("run", "profiles", FIXTURE, "--store=sqlite:" + db,
        "--as-of=2026-11-23", "--runner=FlinkRunner", "--flinkMaster=flink.example.invalid:8081");
    assertEquals(result.err(), 2, result.exitCode());
    assertThat(result.err(), containsString("error: --stateLocation=" + db + ".state is a directory"
        + " on this machine, which the workers of the Flink cluster at flink.example.invalid:8081"
        + " cannot reach"));
    assertEquals("no store made", false, Files.exists(db));

    // A file:// URI is a directory on this machine all the same.
    Path state = dir.getRoot().toPath().resolve("state");
    CliRuns.Result asUri = CliRuns.run("run", "profiles", FIXTURE, "--store=sqlite:" + db,
        "--as-of=2026-11-23", "--runner=FlinkRunner", "--flinkMaster=flink.example.invalid:8081",
        "--stateLocation=" + state.toUri());
    assertEquals(asUri.err(), 2, asUri.exitCode());
    assertThat(asUri.err(), containsString("error: --stateLocation=" + state + " is a directory"
        + " on this machine"));
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
