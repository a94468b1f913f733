package com.avalo.precompute.serving;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.serving.CacheRead.Layer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Test;

/** Single flight of concurrent misses, batched reads in chunks, negative caching. */
public class LoadCoalescingTest {
  private final FakeTime time = new FakeTime();
  private final MapStore store = new MapStore();

  @Test
  public void hundredConcurrentMissesOfOneKeyMakeOneStoreRead() throws Exception {
    store.put(Docs.doc("user:hot", Docs.T0.plusSeconds(3600)));
    store.hold();
    ExecutorService callers = Executors.newFixedThreadPool(100);
    // Loads on the client's own pool, as in production, so that callers really overlap.
    try (CacheClient client = Clients.builder(store, time).loaderThreads(2)
        .executor(Executors.newFixedThreadPool(2)).build()) {
      AtomicInteger waiting = new AtomicInteger();
      CountDownLatch go = new CountDownLatch(1);
      List<Future<CacheRead>> reads = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        reads.add(callers.submit(() -> {
          go.await();
          waiting.incrementAndGet();
          return client.get("user:hot");
        }));
      }
      go.countDown();
      while (waiting.get() < 100) {
        Thread.sleep(1);
      }
      Thread.sleep(50); // let the last callers reach the cache before the store answers
      store.open();
      for (Future<CacheRead> read : reads) {
        assertEquals("run-1", read.get(10, TimeUnit.SECONDS).document().runId());
      }
      assertEquals("store reads", 1, store.reads());
      assertEquals("what the store was asked, unlike avalo.cache.reads{layer=store} (one per caller)",
          1.0, client.meterRegistry().get("avalo.cache.store.keys.read").tag("type", "profile")
              .functionCounter().count(), 0);
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  public void getAllMakesOneBatchedReadPerChunk() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      keys.add("post:p" + i);
      if (i % 2 == 0) {
        store.put(Docs.doc("post:p" + i, Docs.T0.plusSeconds(3600)));
      }
    }
    try (CacheClient client = Clients.builder(store, time).batchSize(100).build()) {
      Map<String, CacheRead> reads = client.getAll(keys);

      assertEquals("ceil(250 / 100) batched reads", 3, store.getAlls.get());
      assertEquals(0, store.gets.get());
      assertEquals(List.of(100, 100, 50), sorted(store.getAllSizes));
      assertEquals(250.0, client.meterRegistry().get("avalo.cache.store.keys.read").tag("type", "post")
          .functionCounter().count(), 0);
      assertEquals("every key answered, in order", keys, new ArrayList<>(reads.keySet()));
      assertEquals(Layer.STORE, reads.get("post:p0").layer());
      assertTrue(reads.get("post:p0").found().isPresent());
      assertEquals(CacheRead.missing(Layer.STORE), reads.get("post:p1"));

      // 125 from memory (documents and remembered absences), 25 new: one more read.
      List<String> more = new ArrayList<>(keys.subList(125, 250));
      for (int i = 250; i < 275; i++) {
        more.add("post:p" + i);
      }
      more.add("post:p130"); // a duplicate is read once
      Map<String, CacheRead> again = client.getAll(more);
      assertEquals(4, store.getAlls.get());
      assertEquals(25, (int) store.getAllSizes.get(3));
      assertEquals(Layer.MEMORY, again.get("post:p130").layer());
      assertEquals(CacheRead.missing(Layer.MEMORY), again.get("post:p131"));
      assertEquals(150, again.size());
    }
  }

  @Test
  public void getAllAndGetShareInFlightLoads() {
    store.put(Docs.doc("media:m1", Docs.T0.plusSeconds(3600)));
    try (CacheClient client = Clients.builder(store, time).build()) {
      client.get("media:m1");
      Map<String, CacheRead> reads = client.getAll(List.of("media:m1", "media:m2"));
      assertEquals(Layer.MEMORY, reads.get("media:m1").layer());
      assertEquals("only the missing key is read", 2, store.reads());
    }
  }

  @Test
  public void missingKeysAreRememberedForTheNegativeTtl() {
    try (CacheClient client = Clients.builder(store, time)
        .negativeTtl(java.time.Duration.ofSeconds(10)).refreshAheadFraction(1).build()) {
      CacheRead first = client.get("user:ghost");
      assertNull(first.document());
      assertEquals(Layer.STORE, first.layer());
      CacheDocument written = Docs.doc("user:ghost", Docs.T0.plusSeconds(3600));
      store.put(written);

      time.advance(java.time.Duration.ofSeconds(9));
      assertEquals("still remembered as missing", CacheRead.missing(Layer.MEMORY), client.get("user:ghost"));
      assertEquals(1, store.reads());

      time.advance(java.time.Duration.ofSeconds(1));
      CacheRead found = client.get("user:ghost");
      assertEquals(written, found.document());
      assertFalse(found.stale());
      assertEquals(2, store.reads());
    }
  }

  private static List<Integer> sorted(List<Integer> sizes) {
    List<Integer> copy = new ArrayList<>(sizes);
    copy.sort(Collections.reverseOrder());
    return copy;
  }
}
