package com.avalo.precompute.serving;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.serving.CacheRead.Layer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/** Hot keys are reloaded in the background before they expire; no read waits for it. */
public class RefreshAheadTest {
  private static final String KEY = "user:u1";
  private static final Duration TTL = Duration.ofMinutes(5);
  /** 0.8 of the profile's 5-minute memory TTL. */
  private static final Duration REFRESH_POINT = Duration.ofMinutes(4);

  private final FakeTime time = new FakeTime();
  private final MapStore store = new MapStore();
  private final CacheDocument v1 = Docs.doc(KEY, Docs.T0.plus(Duration.ofDays(1)), "run-1");
  private final CacheDocument v2 = Docs.doc(KEY, Docs.T0.plus(Duration.ofDays(2)), "run-2");

  @Test
  public void hotKeyIsReloadedWhileReadsGoOnFromMemory() throws Exception {
    store.put(v1);
    ExecutorService loaders = Executors.newFixedThreadPool(2);
    try (CacheClient client = Clients.builder(store, time).executor(loaders).build()) {
      client.get(KEY);
      store.put(v2);
      time.advanceNanos(REFRESH_POINT.toNanos() - 1);
      assertEquals(Layer.MEMORY, client.get(KEY).layer());
      assertEquals("not yet due", 1, store.reads());

      // Checked at most once a second (refreshAfterWrite), so due from the next check on.
      time.advance(CacheSettings.MIN_REFRESH_INTERVAL.plusNanos(1));
      store.hold(); // the reload now hangs in the store
      for (int i = 0; i < 10; i++) {
        CacheRead read = CompletableFuture.supplyAsync(() -> client.get(KEY))
            .get(2, TimeUnit.SECONDS);
        assertEquals("served at once from memory", new CacheRead(v1, Layer.MEMORY, false), read);
      }
      store.open();
      CacheRead refreshed = awaitRun(client, "run-2");
      assertEquals(Layer.MEMORY, refreshed.layer());
      assertEquals("one reload for all those reads", 2, store.reads());
    } finally {
      loaders.shutdownNow();
    }
  }

  @Test
  public void hotKeyIsNotReloadedBeforeItsRefreshPoint() {
    store.put(v1);
    try (CacheClient client = Clients.builder(store, time).build()) {
      client.get(KEY);
      // Read twice a second up to just before the refresh point: Caffeine offers a reload about
      // once a second, and the client declines it every time.
      for (Duration t = Duration.ZERO; t.compareTo(REFRESH_POINT) < 0; t = t.plusMillis(500)) {
        assertEquals(Layer.MEMORY, client.get(KEY).layer());
        time.advance(Duration.ofMillis(500));
      }
      assertEquals(1, store.reads());
      assertEquals(0, client.meterRegistry().get("avalo.cache.refreshes").tag("type", "profile").functionCounter().count(), 0);
      client.get(KEY);
      assertEquals(2, store.reads());
      assertEquals(1, client.meterRegistry().get("avalo.cache.refreshes").tag("type", "profile").functionCounter().count(), 0);
    }
  }

  @Test
  public void refreshedEntryLivesAFullLifetimeFromItsReload() {
    store.put(v1);
    try (CacheClient client = Clients.builder(store, time).build()) {
      client.get(KEY);
      time.advance(REFRESH_POINT);
      store.put(v2);
      client.get(KEY); // triggers the reload (on this thread: the test's executor is direct)
      time.advance(TTL.minus(Duration.ofSeconds(1)));
      assertEquals(new CacheRead(v2, Layer.MEMORY, false), client.get(KEY));
      assertEquals(3, store.reads()); // the load, the refresh, and the refresh of v2
    }
  }

  @Test
  public void failedRefreshKeepsTheValueAndRetriesNoSoonerThanASecond() {
    store.put(v1);
    try (CacheClient client = Clients.builder(store, time).circuit(10, Duration.ofSeconds(1),
        Duration.ofSeconds(1)).build()) {
      client.get(KEY);
      time.advance(REFRESH_POINT);
      store.setDown(true);
      assertEquals(new CacheRead(v1, Layer.MEMORY, false), client.get(KEY));
      assertEquals(new CacheRead(v1, Layer.MEMORY, false), client.get(KEY));
      assertEquals("one failed reload, not one per read", 2, store.reads());

      time.advance(CacheSettings.MIN_REFRESH_INTERVAL.plusNanos(1));
      store.setDown(false);
      store.put(v2);
      client.get(KEY);
      assertEquals(new CacheRead(v2, Layer.MEMORY, false), client.get(KEY));
      assertEquals(3, store.reads());
    }
  }

  /**
   * Once the circuit's backoff has passed, one read probes a store known to be down; the refreshes
   * of hot keys due then are no exception: each of them read the store, however many there were.
   */
  @Test
  public void refreshesWhileTheStoreIsKnownDownSendItOneProbe() throws Exception {
    List<String> hot = List.of("user:h0", "user:h1", "user:h2", "user:h3", "user:h4");
    hot.forEach(key -> store.put(Docs.doc(key, Docs.T0.plus(Duration.ofDays(1)))));
    ExecutorService loaders = Executors.newFixedThreadPool(hot.size() + 1);
    try (CacheClient client = Clients.builder(store, time).executor(loaders)
        .circuit(3, Duration.ofSeconds(1), Duration.ofSeconds(1)).build()) {
      hot.forEach(client::get);
      time.advance(REFRESH_POINT);
      store.setDown(true);
      for (int miss = 0; miss < 3; miss++) {
        try {
          client.get("user:absent" + miss);
          fail("read a store that is down");
        } catch (StoreDownException expected) {
          // three failures open the circuit
        }
      }
      time.advance(Duration.ofSeconds(2));
      store.hold(); // a store that hangs: no failure closes the window before the reads end
      int readsBefore = store.reads();
      hot.forEach(key -> assertEquals(Layer.MEMORY, client.get(key).layer()));
      // The refreshes run on the loader threads: wait for the probe to reach the store and for
      // every other refresh to have run, leaving only the probe the store holds.
      java.util.concurrent.ThreadPoolExecutor pool = (java.util.concurrent.ThreadPoolExecutor) loaders;
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while ((store.reads() == readsBefore || !pool.getQueue().isEmpty()
          || pool.getActiveCount() > 1) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals("one probe of the store, not a read per refresh", 1,
          store.reads() - readsBefore);
    } finally {
      store.open();
      loaders.shutdownNow();
    }
  }

  @Test
  public void staleDocumentIsServedWhileItsRefreshLoads() throws Exception {
    CacheDocument expired = Docs.doc(KEY, Docs.T0.minusSeconds(10), "run-0");
    store.put(expired);
    ExecutorService loaders = Executors.newFixedThreadPool(2);
    try (CacheClient client = Clients.builder(store, time).executor(loaders)
        .negativeTtl(Duration.ofSeconds(10)).build()) {
      assertTrue(client.get(KEY).stale());
      store.put(v1);
      time.advance(Duration.ofSeconds(8)); // 0.8 of the 10 s a stale entry stays
      store.hold();
      CacheRead duringRefresh = CompletableFuture.supplyAsync(() -> client.get(KEY))
          .get(2, TimeUnit.SECONDS);
      assertEquals(new CacheRead(expired, Layer.MEMORY, true), duringRefresh);
      store.open();
      CacheRead after = awaitRun(client, "run-1");
      assertFalse(after.stale());
    } finally {
      loaders.shutdownNow();
    }
  }

  private static CacheRead awaitRun(CacheClient client, String run) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    CacheRead read = client.get(KEY);
    while (!read.document().runId().equals(run) && System.nanoTime() < deadline) {
      Thread.sleep(5);
      read = client.get(KEY);
    }
    assertEquals(run, read.document().runId());
    return read;
  }
}
