package com.avalo.precompute.serving.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.schemas.TokenBalance;
import java.io.File;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.sqlite.JDBC;

/** Opening the store's SQLite file: without DriverManager, and a hint that fits the failure. */
public class SqliteFilesTest {
  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  @Test
  public void bothStoresOpenWhenDriverManagerDoesNotOfferTheSqliteDriver() throws Exception {
    // As on a Flink TaskManager running its second job: the driver DriverManager holds is another
    // class loader's, which it refuses to this one.
    List<Driver> sqlite = Collections.list(DriverManager.getDrivers()).stream()
        .filter(JDBC.class::isInstance).toList();
    for (Driver driver : sqlite) {
      DriverManager.deregisterDriver(driver);
    }
    try {
      Path file = folder.getRoot().toPath().resolve("store.db");
      assertThrows(SQLException.class, () -> DriverManager.getConnection("jdbc:sqlite:" + file));
      Instant now = Instant.parse("2026-11-20T00:00:00Z");
      CacheDocument document = CacheDocument.of(DocumentType.USER_TOKENS.key("u1"),
          new TokenBalance("u1", 100, 10, 30, 60),
          new CacheDocument.Provenance("user-stats", "run-1", now, now), now.plusSeconds(3600));
      try (SqliteCacheStore store = SqliteCacheStore.open(file)) {
        store.write(List.of(document));
        assertEquals(document.contentHash(), store.get(document.key()).orElseThrow().contentHash());
      }
      try (SqliteRunLedger ledger = SqliteRunLedger.open(file)) {
        assertTrue(ledger.newest(null, 1).isEmpty());
      }
    } finally {
      for (Driver driver : sqlite) {
        DriverManager.registerDriver(driver);
      }
    }
  }

  @Test
  public void aClassLoaderOfItsOwnIsNotKeptOnceItsStoreIsClosed() throws Exception {
    // As a job's class loader on a Flink TaskManager: the store's classes and the SQLite driver
    // loaded afresh, apart from this test's. Once the job is done with them nothing may hold the
    // loader, or each job's classes stay in the TaskManager's metaspace for good.
    Path file = folder.getRoot().toPath().resolve("store.db");
    WeakReference<ClassLoader> loader = openAndCloseInALoaderOfItsOwn(file);
    for (int attempt = 0; attempt < 50 && loader.get() != null; attempt++) {
      System.gc();
      Thread.sleep(20);
    }
    assertNull("the class loader is still reachable after its store closed", loader.get());
  }

  private static WeakReference<ClassLoader> openAndCloseInALoaderOfItsOwn(Path file)
      throws Exception {
    List<URL> classPath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      classPath.add(Path.of(entry).toUri().toURL());
    }
    URLClassLoader own = new URLClassLoader(classPath.toArray(URL[]::new),
        ClassLoader.getPlatformClassLoader());
    Class<?> storeClass = own.loadClass(SqliteCacheStore.class.getName());
    assertNotSame(SqliteCacheStore.class, storeClass);
    try (AutoCloseable store =
        (AutoCloseable) storeClass.getMethod("open", Path.class).invoke(null, file)) {
      assertTrue(Files.exists(file));
    }
    own.close();
    return new WeakReference<>(own);
  }

  @Test
  public void aFileThatIsNotADatabaseIsSaidToBeOne() throws Exception {
    Path file = folder.getRoot().toPath().resolve("notes.db");
    Files.writeString(file, "not a database, but long enough to be read as a header: "
        + "x".repeat(200), StandardCharsets.UTF_8);
    assertOpenFailsWith(file, message -> {
      assertTrue(message, message.contains("(the file is not a SQLite database)"));
      assertFalse(message, message.contains("writable"));
    });
  }

  @Test
  public void aDirectoryGivenAsTheStoreIsSaidToBeOne() throws Exception {
    Path directory = folder.newFolder("store.db").toPath();
    assertOpenFailsWith(directory, message -> {
      assertTrue(message, message.contains("(it is a directory: give the store a file's path"));
      assertFalse(message, message.contains("writable"));
    });
  }

  @Test
  public void aFileThatCannotBeOpenedPointsAtTheDirectory() throws Exception {
    // Its directory is a file: it can be neither made nor written.
    Path file = folder.newFile("not-a-directory").toPath().resolve("store.db");
    assertOpenFailsWith(file, message ->
        assertTrue(message, message.contains("(check that the directory is writable)")));
  }

  private static void assertOpenFailsWith(Path file, Consumer<String> check) {
    check.accept(assertThrows(StoreUnavailableException.class, () -> SqliteCacheStore.open(file))
        .getMessage());
    check.accept(assertThrows(StoreUnavailableException.class, () -> SqliteRunLedger.open(file))
        .getMessage());
  }
}
