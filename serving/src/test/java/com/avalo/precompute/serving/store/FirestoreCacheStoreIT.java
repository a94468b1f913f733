package com.avalo.precompute.serving.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.schemas.ProfileCard;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The asynchronous reads of {@link FirestoreCacheStore} on the real emulator: they find what the
 * blocking reads find, chunk batched reads, and complete on the executor they are given. Runs
 * when FIRESTORE_EMULATOR_HOST is set ({@code mvn verify}).
 */
public class FirestoreCacheStoreIT {
  private static final String PROJECT = "serving-test";
  // Whole seconds: Firestore keeps timestamps to the microsecond.
  private static final Instant LATER = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);

  private final String collection = "it_store_" + UUID.randomUUID().toString().substring(0, 8);
  private final ExecutorService loaders = Executors.newFixedThreadPool(2, runnable -> {
    Thread thread = new Thread(runnable, "it-loader");
    thread.setDaemon(true);
    return thread;
  });
  private CacheStore store;

  @Before
  public void setUp() {
    String host = System.getenv("FIRESTORE_EMULATOR_HOST");
    assumeTrue("FIRESTORE_EMULATOR_HOST is not set: no emulator to test against",
        host != null && !host.isBlank()
        // What failsafe passes for an unset variable (the root pom names it in its environment).
        && !host.startsWith("${"));
    store = CacheStores.open(StoreSpec.firestore(PROJECT, host).withCollection(collection));
  }

  @After
  public void tearDown() {
    loaders.shutdownNow();
    if (store != null) {
      store.close();
    }
  }

  @Test
  public void getAsyncFindsWhatGetFindsAndCompletesOnTheExecutor() throws Exception {
    CacheDocument written = doc("u1");
    store.write(List.of(written));
    String[] completedOn = new String[1];
    Optional<CacheDocument> read = store.getAsync("user:u1", loaders)
        .whenComplete((document, failure) -> completedOn[0] = Thread.currentThread().getName())
        .get(30, TimeUnit.SECONDS);
    assertEquals(Optional.of(written), read);
    assertEquals(store.get("user:u1"), read);
    assertEquals("parsed on the loader executor, not on gRPC's threads", "it-loader", completedOn[0]);
    assertEquals(Optional.empty(), store.getAsync("user:nobody", loaders).get(30, TimeUnit.SECONDS));
  }

  @Test
  public void aStoredDocumentThatIsNotACacheDocumentFailsItsKeyAsUnreadable() throws Exception {
    try (com.google.cloud.firestore.Firestore raw = FirestoreCacheStore.client(PROJECT,
        System.getenv("FIRESTORE_EMULATOR_HOST"))) {
      raw.collection(collection).document("user:broken").set(Map.of("type", 42)).get();
    }
    UnreadableDocumentException broken = org.junit.Assert.assertThrows(
        UnreadableDocumentException.class, () -> store.get("user:broken"));
    assertEquals("user:broken", broken.key());
    java.util.concurrent.ExecutionException async = org.junit.Assert.assertThrows(
        java.util.concurrent.ExecutionException.class,
        () -> store.getAllAsync(List.of("user:broken"), loaders).get(30, TimeUnit.SECONDS));
    assertTrue(String.valueOf(async.getCause()),
        async.getCause() instanceof UnreadableDocumentException);
  }

  /**
   * The README tells an operator to remove a document's contentHash to have a run put it back: its
   * stamp must read as rewritable, not fail the run's read of the job's stamps.
   */
  @Test
  public void aDocumentEditedByHandHasAStampThatARunRewrites() throws Exception {
    store.write(List.of(doc("u1"), doc("u2"), doc("u3")));
    try (com.google.cloud.firestore.Firestore raw = FirestoreCacheStore.client(PROJECT,
        System.getenv("FIRESTORE_EMULATOR_HOST"))) {
      raw.collection(collection).document("user:u1")
          .update(FirestoreCodec.CONTENT_HASH, com.google.cloud.firestore.FieldValue.delete()).get();
      raw.collection(collection).document("user:u2")
          .update(FirestoreCodec.EXPIRES_AT, "tomorrow").get();
    }
    Map<String, DocumentStamp> stamps = new java.util.TreeMap<>();
    store.forEachStamp("it", stamp -> stamps.put(stamp.key(), stamp));
    assertEquals(List.of("user:u1", "user:u2", "user:u3"), List.copyOf(stamps.keySet()));
    assertEquals(DocumentStamp.NO_HASH, stamps.get("user:u1").contentHash());
    assertEquals(LATER, stamps.get("user:u1").expiresAt());
    assertEquals(DocumentStamp.NO_EXPIRY, stamps.get("user:u2").expiresAt());
    assertEquals(doc("u3").contentHash(), stamps.get("user:u3").contentHash());
  }

  @Test
  public void getAllAsyncReadsEveryChunkAndLeavesOutMissingKeys() throws Exception {
    List<CacheDocument> written = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    int present = FirestoreCacheStore.GET_ALL_CHUNK * 2 + 50;
    for (int i = 0; i < present; i++) {
      CacheDocument document = doc("u" + i);
      written.add(document);
      keys.add(document.key());
    }
    store.write(written);
    keys.add("user:missing-1");
    keys.add("user:missing-2");

    Map<String, CacheDocument> found = store.getAllAsync(keys, loaders).get(60, TimeUnit.SECONDS);
    assertEquals(present, found.size());
    assertTrue(!found.containsKey("user:missing-1"));
    for (CacheDocument document : written) {
      assertEquals(document, found.get(document.key()));
    }
    assertEquals(store.getAll(keys), found);
  }

  private static CacheDocument doc(String uid) {
    ProfileCard card = new ProfileCard(uid, "Ana " + uid, 31, "female", "Lisbon", List.of("surf"),
        3, "hi", true, Instant.parse("2026-11-20T12:00:00Z"), Instant.parse("2026-11-20T12:00:00Z"), 2);
    Instant asOf = Instant.parse("2026-11-20T12:00:00Z");
    return CacheDocument.of(DocumentType.PROFILE.key(uid), card,
        new CacheDocument.Provenance("it", "run-1", asOf, asOf), LATER);
  }
}
