package com.avalo.precompute.serving.store;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.schemas.TokenBalance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * What a reader of the embedded store ({@link StoreSpec#forReading()}, {@link
 * StoreSpec#openExisting()}) may and may not do to the file: read it, and change nothing, and what
 * every open does with an SQLite file of another program.
 */
public class SqliteForReadingTest {
  @Rule public TemporaryFolder temp = new TemporaryFolder();

  private static final Instant NOW = Instant.parse("2026-11-20T00:00:00Z");

  @Test
  public void readsAStoreAndChangesNothingInIt() throws Exception {
    SqliteStoreSpec spec = StoreSpec.sqlite(temp.getRoot().toPath().resolve("cache.db"));
    CacheDocument document = tokens("ana");
    try (CacheStore store = spec.open()) {
      store.write(List.of(document));
    }
    byte[] before = Files.readAllBytes(spec.path());

    StoreSpec reading = spec.forReading();
    try (CacheStore store = reading.open()) {
      assertEquals(document.toJson(), store.get(document.key()).orElseThrow().toJson());
      StoreUnavailableException refused = assertThrows(StoreUnavailableException.class,
          () -> store.write(List.of(tokens("bo"))));
      assertTrue(refused.getMessage(), refused.getMessage().contains("readonly"));
    }
    try (CacheStore store = spec.openExisting()) {
      assertThrows(StoreUnavailableException.class, () -> store.delete(List.of(document.key())));
    }
    try (RunLedger ledger = reading.openLedger()) {
      assertEquals("a store no schedule ran against lists no runs", List.of(),
          ledger.newest(null, 10));
      assertEquals(Optional.empty(), ledger.get("daily", NOW));
      IllegalStateException leased = assertThrows(IllegalStateException.class,
          () -> ledger.acquire(lease()));
      assertTrue(leased.getMessage(), leased.getMessage().endsWith("was opened for reading only"));
    }
    try (LastWriters writers = reading.openLastWriters()) {
      assertEquals(Optional.empty(), writers.get("profiles"));
    }

    assertArrayEquals("the file's bytes", before, Files.readAllBytes(spec.path()));
    assertEquals(List.of(SqliteCacheStore.TABLE), SqliteFileFacts.tables(spec.path()));
  }

  @Test
  public void readsTheLedgerOnceAScheduleHasWrittenIt() {
    SqliteStoreSpec spec = StoreSpec.sqlite(temp.getRoot().toPath().resolve("cache.db"));
    spec.open().close();
    try (RunLedger ledger = spec.openLedger()) {
      ledger.acquire(lease());
    }
    try (RunLedger ledger = spec.forReading().openLedger()) {
      assertEquals(List.of("daily"), ledger.newest(null, 10).stream().map(LedgerRecord::schedule)
          .toList());
    }
  }

  @Test
  public void aStoreWithALedgerAndNoDocumentsYetReadsAsEmptyUntilARunWritesThem()
      throws Exception {
    // What a scheduled run leaves when it took its lease and failed before writing a document.
    Path path = temp.getRoot().toPath().resolve("cache.db");
    SqliteStoreSpec spec = StoreSpec.sqlite(path);
    try (RunLedger ledger = SqliteRunLedger.open(path)) {
      ledger.acquire(lease());
    }
    assertFalse(SqliteFileFacts.tables(path).contains(SqliteCacheStore.TABLE));
    byte[] before = Files.readAllBytes(path);

    try (CacheStore reader = spec.openExisting()) {
      assertEquals(Optional.empty(), reader.get(tokens("ana").key()));
      assertEquals(java.util.Map.of(), reader.getAll(List.of(tokens("ana").key())));
      assertEquals(List.of(), reader.keysWithPrefix("", 10));
      List<DocumentStamp> stamps = new java.util.ArrayList<>();
      reader.forEachStamp("user-stats", stamps::add);
      assertEquals(List.of(), stamps);
      assertArrayEquals("the file's bytes", before, Files.readAllBytes(path));

      // A reader opened before the first documents sees them once a run has written them.
      try (CacheStore writer = spec.open()) {
        writer.write(List.of(tokens("ana")));
      }
      assertTrue(reader.get(tokens("ana").key()).isPresent());
      assertEquals(List.of(tokens("ana").key()), reader.keysWithPrefix("", 10));
    }
  }

  @Test
  public void everyOpenRefusesAnSqliteFileOfSomethingElseAndLeavesItAsItWas() throws Exception {
    Path other = temp.getRoot().toPath().resolve("app.db");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + other);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL)");
      statement.execute("INSERT INTO orders (total) VALUES (12.5)");
    }
    byte[] before = Files.readAllBytes(other);
    SqliteStoreSpec spec = StoreSpec.sqlite(other);

    List<Function<StoreSpec, AutoCloseable>> opens = List.of(StoreSpec::open,
        StoreSpec::openExisting, StoreSpec::openLedger, StoreSpec::openLastWriters);
    for (StoreSpec each : List.of(spec, spec.forReading())) {
      for (Function<StoreSpec, AutoCloseable> open : opens) {
        StoreUnavailableException e = assertThrows(StoreUnavailableException.class,
            () -> open.apply(each).close());
        assertTrue(e.getMessage(), e.getMessage().contains(other + "")
            && e.getMessage().contains("it is an SQLite database of something else, not a cache"
                + " store (its tables: orders)"));
      }
    }

    assertArrayEquals("the file's bytes", before, Files.readAllBytes(other));
    assertEquals(List.of("orders"), SqliteFileFacts.tables(other));
    assertEquals("delete", SqliteFileFacts.pragma(other, "journal_mode"));
  }

  @Test
  public void anEmptyFileIsANewStoreToAWriterAndNoneToAReader() {
    SqliteStoreSpec spec = StoreSpec.sqlite(temp.getRoot().toPath().resolve("empty.db"));
    try {
      Files.createFile(spec.path());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    StoreUnavailableException e = assertThrows(StoreUnavailableException.class,
        () -> spec.openExisting().close());
    assertTrue(e.getMessage(), e.getMessage().endsWith("it holds no cache documents (no table"
        + " cache_documents): write them with 'precompute run'"));
    try (CacheStore store = spec.open()) {
      store.write(List.of(tokens("ana")));
    }
    try (CacheStore store = spec.openExisting()) {
      assertTrue(store.get(tokens("ana").key()).isPresent());
    }
  }

  @Test
  public void aReaderRefusesAMissingFileAndMakesNone() {
    Path missing = temp.getRoot().toPath().resolve("dir").resolve("typo.db");
    StoreSpec reading = StoreSpec.sqlite(missing).forReading();
    List<Function<StoreSpec, AutoCloseable>> opens = List.of(StoreSpec::open,
        StoreSpec::openLedger, StoreSpec::openLastWriters);
    for (Function<StoreSpec, AutoCloseable> open : opens) {
      StoreUnavailableException e = assertThrows(StoreUnavailableException.class,
          () -> open.apply(reading).close());
      assertEquals("there is no store file at " + missing
          + " (write one with 'precompute run', or fix the path)", e.getMessage());
    }
    assertFalse(Files.exists(missing.getParent()));

    Path directory = temp.getRoot().toPath();
    StoreUnavailableException e = assertThrows(StoreUnavailableException.class,
        () -> StoreSpec.sqlite(directory).openExisting());
    assertEquals("there is no store file at " + directory + ": it is a directory (give the store"
        + " a file's path, such as " + directory.resolve("cache.db") + ")", e.getMessage());
  }

  @Test
  public void aReadingSpecIsTheSameStoreAndSaysSo() {
    SqliteStoreSpec spec = StoreSpec.sqlite(Path.of("a.db"));
    assertEquals(spec.toString(), spec.forReading().toString());
    assertEquals(spec.forReading(), spec.forReading().forReading());
    assertFalse(spec.equals(spec.forReading()));
    FirestoreStoreSpec firestore = StoreSpec.firestore("p", "h:1");
    assertEquals(firestore, firestore.forReading());
  }

  private static LeaseRequest lease() {
    return new LeaseRequest("daily", NOW, NOW.plus(Duration.ofDays(1)), "r1", "launcher-1",
        List.of("profiles"), NOW, NOW, Duration.ofMinutes(10), false);
  }

  private static CacheDocument tokens(String uid) {
    return CacheDocument.of(DocumentType.USER_TOKENS.key(uid), new TokenBalance(uid, 100, 10, 30, 60),
        new CacheDocument.Provenance("user-stats", "run-1", NOW, NOW), NOW.plusSeconds(3600));
  }
}
