package com.avalo.precompute.serving.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.schemas.TokenBalance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The store flag's forms, and what each kind of store does for its callers without being asked its kind. */
public class StoreSpecTest {
  @Rule public TemporaryFolder temp = new TemporaryFolder();

  @Test
  public void parsesEachFormOfTheFlag() {
    assertEquals(new SqliteStoreSpec(Path.of("out/cache.db").toAbsolutePath().toString()),
        StoreSpec.parse("sqlite:out/cache.db", null, null));
    assertEquals(Path.of("out/cache.db").toAbsolutePath(),
        ((SqliteStoreSpec) StoreSpec.parse("sqlite:out/cache.db", null, null)).path());
    assertEquals("the path as the file's, without '..'", Path.of("out/cache.db").toAbsolutePath(),
        ((SqliteStoreSpec) StoreSpec.parse("sqlite:out/x/../cache.db", null, null)).path());
    assertEquals(new FirestoreStoreSpec("p1", null, FirestoreStoreSpec.DEFAULT_COLLECTION),
        StoreSpec.parse("firestore", "p1", " "));
    assertEquals(new FirestoreStoreSpec("p2", "127.0.0.1:8787", FirestoreStoreSpec.DEFAULT_COLLECTION),
        StoreSpec.parse("firestore:p2", "p1", "127.0.0.1:8787"));
    assertEquals("firestore:p2/precompute_cache (emulator h:1)",
        StoreSpec.parse("firestore:p2", null, "h:1").toString());
  }

  @Test
  public void specsSerializeForPipelineWorkers() throws Exception {
    for (StoreSpec spec : new StoreSpec[] {StoreSpec.sqlite(Path.of("a.db")),
        StoreSpec.firestore("p", "h:1").withCollection("c")}) {
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
        out.writeObject(spec);
      }
      try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
          new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
        assertEquals(spec, in.readObject());
      }
    }
  }

  @Test
  public void refusesWhatIsNoStoreWithTheAcceptedForms() {
    for (String bad : new String[] {"redis:x", "sqlite:", "", "firestor"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> StoreSpec.parse(bad, "p", null));
      assertEquals("unknown store '" + bad + "': use sqlite:PATH (embedded, e.g. sqlite:out/cache.db)"
          + " or firestore[:PROJECT]", e.getMessage());
    }
    IllegalArgumentException noProject = assertThrows(IllegalArgumentException.class,
        () -> StoreSpec.parse("firestore", null, null));
    assertTrue(noProject.getMessage(), noProject.getMessage().contains("--firestore-project"));
  }

  @Test
  public void aReaderRefusesASqliteFileThatIsNotThereAndDoesNotCreateIt() {
    Path missing = temp.getRoot().toPath().resolve("typo.db");
    StoreUnavailableException e = assertThrows(StoreUnavailableException.class,
        () -> StoreSpec.sqlite(missing).openExisting());
    assertTrue(e.getMessage(), e.getMessage().startsWith("there is no store file at " + missing));
    assertFalse(Files.exists(missing));
    StoreSpec.sqlite(missing).open().close();
    StoreSpec.sqlite(missing).openExisting().close();
  }

  @Test
  public void onlyFirestoreOffersAnInvalidationBusAcrossInstances() {
    assertEquals(Optional.empty(), StoreSpec.sqlite(temp.getRoot().toPath().resolve("a.db"))
        .openInvalidationBus());
    // Opening a Firestore bus dials the emulator; FirestoreInvalidationBusIT covers it.
  }

  @Test
  public void sharedHandlesUseOneStoreClosedWithTheLastHandle() {
    SqliteStoreSpec spec = StoreSpec.sqlite(temp.getRoot().toPath().resolve("shared.db"));
    CacheStore first = spec.openShared();
    CacheStore second = spec.openShared();
    // Compared as JSON: the payload's longs read back as small JSON numbers.
    CacheDocument document = tokens("ana");
    first.write(List.of(document));
    assertEquals(document.toJson(), second.get(document.key()).orElseThrow().toJson());

    first.close();
    first.close(); // a second close gives nothing back twice
    assertTrue("the other handle still holds it", SharedStores.isOpen(spec));
    assertEquals(document.toJson(), second.get(document.key()).orElseThrow().toJson());
    second.close();
    assertFalse(SharedStores.isOpen(spec));

    try (CacheStore again = spec.openShared()) {
      assertEquals(document.toJson(), again.get(document.key()).orElseThrow().toJson());
    }
  }

  private static CacheDocument tokens(String uid) {
    Instant now = Instant.parse("2026-11-20T00:00:00Z");
    return CacheDocument.of(DocumentType.USER_TOKENS.key(uid), new TokenBalance(uid, 100, 10, 30, 60),
        new CacheDocument.Provenance("user-stats", "run-1", now, now), now.plusSeconds(3600));
  }
}
