package com.avalo.precompute.serving;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.serving.CacheRead.Layer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/**
 * The memory tier's deadlines are checked by the client on each hit, not by Caffeine: an entry
 * Caffeine still holds is never served past its deadline, a due refresh starts once however many
 * reads race for it, and expired entries nobody reads are swept out.
 */
public class HitPathTest {
  private static final String KEY = "user:u1";
  /** The profile's default memory TTL. */
  private static final Duration TTL = Duration.ofMinutes(5);

  private final FakeTime time = new FakeTime();
  private final MapStore store = new MapStore();
  private final CacheDocument v1 = Docs.doc(KEY, Docs.T0.plus(Duration.ofDays(1)), "run-1");
  private final CacheDocument v2 = Docs.doc(KEY, Docs.T0.plus(Duration.ofDays(2)), "run-2");

  @Test
  public void entryPastItsDeadlineIsNotServedThoughCaffeineStillHoldsIt() {
    store.put(v1);
    try (CacheClient client = Clients.builder(store, time).refreshAheadFraction(1).build()) {
      client.get(KEY);
      store.put(v2);
      time.advance(TTL);
      assertEquals("still in Caffeine", 1.0, entries(client), 0);
      assertEquals(0, expiredEvictions(client), 0);

      assertEquals(new CacheRead(v2, Layer.STORE, false), client.get(KEY));
      assertEquals(2, store.reads());
      assertEquals("the read removed it", 1, expiredEvictions(client), 0);
      assertEquals(new CacheRead(v2, Layer.MEMORY, false), client.get(KEY));
    }
  }

  @Test
  public void getAllDoesNotServeAnEntryPastItsDeadline() {
    store.put(v1);
    store.put(Docs.doc("user:u2", Docs.T0.plus(Duration.ofDays(1))));
    try (CacheClient client = Clients.builder(store, time).refreshAheadFraction(1).build()) {
      client.get(KEY);
      store.put(v2);
      time.advance(TTL.minusNanos(1));
      assertEquals(Layer.MEMORY, client.getAll(List.of(KEY)).get(KEY).layer());
      time.advanceNanos(1);
      Map<String, CacheRead> reads = client.getAll(List.of(KEY, "user:u2"));
      assertEquals(new CacheRead(v2, Layer.STORE, false), reads.get(KEY));
      assertEquals(1, expiredEvictions(client), 0);
    }
  }

  @Test
  public void staleEntryIsNotServedPastItsStaleDeadline() {
    CacheDocument expired = Docs.doc(KEY, Docs.T0.minusSeconds(10), "run-0");
    store.put(expired);
    try (CacheClient client = Clients.builder(store, time).refreshAheadFraction(1)
        .negativeTtl(Duration.ofSeconds(10)).build()) {
      assertEquals(new CacheRead(expired, Layer.STORE, true), client.get(KEY));
      time.advanceNanos(Duration.ofSeconds(10).toNanos() - 1);
      assertEquals(new CacheRead(expired, Layer.MEMORY, true), client.get(KEY));
      store.put(v1);
      time.advanceNanos(1);
      assertEquals(new CacheRead(v1, Layer.STORE, false), client.get(KEY));
    }
  }

  @Test
  public void dueRefreshStartsExactlyOnceUnderConcurrentHits() throws Exception {
    store.put(v1);
    ExecutorService loaders = Executors.newFixedThreadPool(2);
    ExecutorService callers = Executors.newFixedThreadPool(8);
    try (CacheClient client = Clients.builder(store, time).executor(loaders).build()) {
      client.get(KEY);
      store.put(v2);
      time.advance(Duration.ofMinutes(4)); // 0.8 of the TTL: due
      store.hold(); // the refresh hangs in the store while the hits go on
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> hitters = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        hitters.add(callers.submit(() -> {
          go.await();
          int fromMemory = 0;
          for (int i = 0; i < 2_000; i++) {
            CacheRead read = client.get(KEY);
            if (read.layer() == Layer.MEMORY && read.document().runId().equals("run-1")) {
              fromMemory++;
            }
          }
          return fromMemory;
        }));
      }
      go.countDown();
      for (Future<Integer> hitter : hitters) {
        assertEquals("every hit served at once, from memory", 2_000,
            (int) hitter.get(10, TimeUnit.SECONDS));
      }
      assertEquals("the load and one refresh", 2, store.reads());
      assertEquals(1, refreshes(client), 0);
      store.open();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (!client.get(KEY).document().runId().equals("run-2") && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertEquals(new CacheRead(v2, Layer.MEMORY, false), client.get(KEY));
      assertEquals(2, store.reads());
    } finally {
      callers.shutdownNow();
      loaders.shutdownNow();
    }
  }

  @Test
  public void declinedRefreshIsOfferedAgainNoSoonerThanTheInterval() {
    store.put(v1);
    try (CacheClient client = Clients.builder(store, time)
        .circuit(1, Duration.ofMinutes(10), Duration.ofMinutes(10)).build()) {
      client.get(KEY);
      time.advance(Duration.ofMinutes(4));
      store.setDown(true);
      client.get(KEY); // the refresh fails and opens the circuit
      assertEquals(2, store.reads());
      store.setDown(false);
      store.put(v2);
      for (int i = 0; i < 5; i++) {
        time.advance(CacheSettings.MIN_REFRESH_INTERVAL);
        assertEquals("declined while the circuit is open", new CacheRead(v1, Layer.MEMORY, false),
            client.get(KEY));
      }
      assertEquals(2, store.reads());
      assertEquals(1, refreshes(client), 0);
    }
  }

  @Test
  public void aTypeKeptOutOfMemoryKeepsNoAbsencesOrStaleDocumentsEither() {
    store.put(Docs.doc("user:expired", Docs.T0.minusSeconds(30)));
    try (CacheClient client = Clients.builder(store, time)
        .memoryTtl(com.avalo.precompute.schemas.DocumentType.PROFILE, Duration.ZERO)
        .build()) {
      assertEquals(Layer.STORE, client.get("user:nobody").layer());
      assertEquals("a document written meanwhile is seen at once", Layer.STORE,
          client.get("user:nobody").layer());
      assertEquals(Layer.STORE, client.get("user:expired").layer());
      assertEquals(Layer.STORE, client.get("user:expired").layer());
      assertEquals(4, store.reads());
    }
  }

  @Test
  public void missesSweepOutExpiredEntriesNobodyReadsAtMostOncePerInterval() {
    for (int i = 0; i < 3; i++) {
      store.put(Docs.doc("user:a" + i, Docs.T0.plus(Duration.ofDays(1))));
    }
    try (CacheClient client = Clients.builder(store, time).refreshAheadFraction(1)
        .memoryTtl(com.avalo.precompute.schemas.DocumentType.PROFILE, Duration.ofSeconds(10))
        .build()) {
      client.get("user:a0");
      client.get("user:a1");
      time.advance(Duration.ofSeconds(10));
      client.get("user:b0"); // a miss, but no sweep before the interval
      assertEquals("a0, a1 (expired) and b0", 3.0, entries(client), 0);

      time.advance(CacheClient.SWEEP_INTERVAL);
      client.get("user:a2"); // a miss after the interval: sweeps first
      assertEquals("a2 only", 1.0, entries(client), 0);
      assertEquals("a0, a1, b0", 3, expiredEvictions(client), 0);

      time.advance(Duration.ofSeconds(10));
      client.get("user:b1");
      assertEquals("a2 expired but the next sweep is not yet due", 2.0, entries(client), 0);
      assertFalse(client.get("user:a2").layer() == Layer.MEMORY);
    }
  }

  private static double entries(CacheClient client) {
    return client.meterRegistry().get("avalo.cache.memory.entries").gauge().value();
  }

  private static double expiredEvictions(CacheClient client) {
    return client.meterRegistry().get("avalo.cache.evictions").tags("type", "profile", "cause", "expired")
        .functionCounter().count();
  }

  private static double refreshes(CacheClient client) {
    return client.meterRegistry().get("avalo.cache.refreshes").tag("type", "profile")
        .functionCounter().count();
  }
}
