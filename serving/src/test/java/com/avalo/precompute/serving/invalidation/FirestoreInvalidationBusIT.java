package com.avalo.precompute.serving.invalidation;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.CacheKey;
import com.avalo.precompute.schemas.TokenBalance;
import com.avalo.precompute.schemas.UserStats;
import com.avalo.precompute.schemas.ProfileCard;
import com.avalo.precompute.serving.CacheClient;
import com.avalo.precompute.serving.CacheRead;
import com.avalo.precompute.serving.CacheRead.Layer;
import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.CacheStores;
import com.avalo.precompute.serving.store.FirestoreCacheStore;
import com.avalo.precompute.serving.store.StoreSpec;
import com.google.cloud.firestore.Firestore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Two instances of the serving tier, each with its own client, store connection and invalidation
 * bus, on the real Firestore emulator: an invalidation on one reaches the other through the
 * invalidation collection. Runs when FIRESTORE_EMULATOR_HOST is set ({@code mvn verify}).
 */
public class FirestoreInvalidationBusIT {
  private static final String PROJECT = "serving-test";
  private static final Instant LATER = Instant.now().plus(Duration.ofDays(1));

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String cacheCollection = "it_cache_" + run;
  private final String invalidations = "it_invalidations_" + run;
  private String host;
  private Firestore firestoreA;
  private Firestore firestoreB;
  private CacheStore writer;
  private CacheClient a;
  private CacheClient b;
  private FirestoreInvalidationBus busB;

  @Before
  public void setUp() {
    host = System.getenv("FIRESTORE_EMULATOR_HOST");
    assumeTrue("FIRESTORE_EMULATOR_HOST is not set: no emulator to test against",
        host != null && !host.isBlank()
        // What failsafe passes for an unset variable (the root pom names it in its environment).
        && !host.startsWith("${"));
    StoreSpec spec = StoreSpec.firestore(PROJECT, host).withCollection(cacheCollection);
    writer = CacheStores.open(spec);
    firestoreA = FirestoreCacheStore.client(PROJECT, host);
    firestoreB = FirestoreCacheStore.client(PROJECT, host);
    a = CacheClient.builder(CacheStores.open(spec)).name("a")
        .invalidationBus(FirestoreInvalidationBus.on(firestoreA, invalidations, "instance-a")).build();
    busB = FirestoreInvalidationBus.on(firestoreB, invalidations, "instance-b");
    b = CacheClient.builder(CacheStores.open(spec)).name("b").invalidationBus(busB).build();
  }

  @After
  public void tearDown() throws Exception {
    for (AutoCloseable closeable : new AutoCloseable[] {a, b, writer, firestoreA, firestoreB}) {
      if (closeable != null) {
        closeable.close();
      }
    }
  }

  @Test
  public void prefixInvalidatedOnOneInstanceIsDroppedOnTheOther() throws Exception {
    writer.write(List.of(doc("user:u1", "run-1"), doc("user:u1:stats", "run-1"),
        doc("user:u1:tokens", "run-1"), doc("user:u10", "run-1")));
    for (CacheClient client : List.of(a, b)) {
      client.getAll(List.of("user:u1", "user:u1:stats", "user:u1:tokens", "user:u10"));
    }
    writer.write(List.of(doc("user:u1", "run-2"), doc("user:u1:stats", "run-2"),
        doc("user:u1:tokens", "run-2"), doc("user:u10", "run-2")));
    assertEquals("b serves from memory until told", "run-1", b.get("user:u1:stats").document().runId());

    long sent = System.nanoTime();
    a.invalidate("user:u1");

    assertEquals("run-2", await(() -> b.get("user:u1:stats")).document().runId());
    System.out.printf("invalidation reached the other instance in %d ms%n",
        (System.nanoTime() - sent) / 1_000_000);
    assertEquals("run-2", b.get("user:u1").document().runId());
    assertEquals("run-2", b.get("user:u1:tokens").document().runId());
    CacheRead notUnder = b.get("user:u10");
    assertEquals("not under the prefix", Layer.MEMORY, notUnder.layer());
    assertEquals("run-1", notUnder.document().runId());
    assertEquals(1.0, remoteInvalidations(b), 0);
    assertEquals("a ignores its own invalidation", 0.0, remoteInvalidations(a), 0);
  }

  @Test
  public void invalidationGoesBothWays() throws Exception {
    writer.write(List.of(doc("user:u2:tokens", "run-1")));
    a.get("user:u2:tokens");
    b.get("user:u2:tokens");
    writer.write(List.of(doc("user:u2:tokens", "run-2")));

    b.invalidate("user:u2:tokens");

    assertEquals("run-2", await(() -> a.get("user:u2:tokens")).document().runId());
  }

  /**
   * The listener's window moves up (Firestore's client keeps every document of a listener's
   * result, so a window open since the start grew with every invalidation sent), and the
   * invalidations sent after the move still arrive.
   */
  @Test
  public void theListenersWindowMovesAndInvalidationsStillArrive() throws Exception {
    writer.write(List.of(doc("user:u3:tokens", "run-1")));
    b.get("user:u3:tokens");
    writer.write(List.of(doc("user:u3:tokens", "run-2")));
    a.invalidate("user:u2:tokens"); // an event, so that b's listener has answered
    Thread.sleep(1_000);
    Instant opened = busB.listeningFrom();
    Instant before = Instant.now();
    busB.moveWindow();
    assertTrue("the window moved from " + opened + " to " + busB.listeningFrom(),
        !busB.listeningFrom().isBefore(before.minusSeconds(FirestoreInvalidationBus.LOOKBACK_SECONDS)));

    a.invalidate("user:u3:tokens");

    assertEquals("run-2", await(() -> b.get("user:u3:tokens")).document().runId());
  }

  /** Polls until the read shows run-2, for up to 10 seconds. */
  private static CacheRead await(Supplier<CacheRead> read) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    CacheRead last = read.get();
    while (!"run-2".equals(last.document().runId()) && System.nanoTime() < deadline) {
      Thread.sleep(50);
      last = read.get();
    }
    return last;
  }

  private static double remoteInvalidations(CacheClient client) {
    return client.meterRegistry().get("avalo.cache.invalidations").tag("source", "remote")
        .functionCounter().count();
  }

  private static CacheDocument doc(String key, String runId) {
    CacheKey parsed = CacheKey.parse(key);
    Instant asOf = Instant.parse("2026-11-20T12:00:00Z");
    Object payload = switch (parsed.type()) {
      case PROFILE -> new ProfileCard(parsed.subject(), "Ana", 31, "female", "Lisbon", List.of(), 1,
          "", false, asOf, asOf, 0);
      case USER_STATS -> new UserStats(parsed.subject(), 0, 0, 0, 0, 0, 0, 0, 0, 0, null, 0);
      case USER_TOKENS -> new TokenBalance(parsed.subject(), 10, 0, 0, 10);
      default -> throw new IllegalArgumentException(key);
    };
    return CacheDocument.of(parsed, payload, new CacheDocument.Provenance("it", runId, asOf, asOf), LATER);
  }
}
