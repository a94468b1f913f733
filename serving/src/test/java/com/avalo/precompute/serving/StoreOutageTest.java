package com.avalo.precompute.serving;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.serving.CacheRead.Layer;
import com.avalo.precompute.serving.store.StoreUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/** While the store is down: hits keep serving, stale-if-error, misses fail fast, recovery. */
public class StoreOutageTest {
  private final FakeTime time = new FakeTime();
  private final MapStore store = new MapStore();
  private final CacheDocument profile = Docs.doc("user:u1", Docs.T0.plus(Duration.ofDays(1)));

  private CacheClient client() {
    return Clients.builder(store, time)
        .refreshAheadFraction(1)
        .maxStaleness(Duration.ofMinutes(5))
        .circuit(3, Duration.ofSeconds(1), Duration.ofSeconds(4))
        .build();
  }

  @Test
  public void hitsKeepServingAndMissesFailFastUntilTheStoreIsBack() {
    store.put(profile);
    store.put(Docs.doc("user:u2", Docs.T0.plus(Duration.ofDays(1))));
    try (CacheClient client = client()) {
      client.get("user:u1");
      store.setDown(true);

      for (int i = 0; i < 3; i++) {
        assertEquals(new CacheRead(profile, Layer.MEMORY, false), client.get("user:u1"));
        assertDown(client, "user:u2");
      }
      assertEquals("three failed reads opened the circuit", 4, store.reads());
      for (int i = 0; i < 100; i++) {
        assertDown(client, "user:u" + (i + 3));
      }
      assertEquals("fail fast: the store is not asked while the circuit is open", 4, store.reads());
      assertEquals(1.0, gauge(client, "avalo.cache.store.circuit.open"), 0);

      time.advance(Duration.ofSeconds(1));
      assertEquals("still known down once the backoff has passed, until a read succeeds", 1.0,
          gauge(client, "avalo.cache.store.circuit.open"), 0);
      assertDown(client, "user:u2"); // the probe, failed: the backoff doubles
      assertEquals(5, store.reads());
      time.advance(Duration.ofSeconds(1));
      assertDown(client, "user:u2");
      assertEquals("still backing off", 5, store.reads());

      store.setDown(false);
      time.advance(Duration.ofSeconds(1));
      assertDown(client, "user:u2"); // starts the probe, and does not wait for it
      assertEquals("the probe read the store", 6, store.reads());
      assertEquals("and left its answer in memory", Layer.MEMORY, client.get("user:u2").layer());
      assertEquals("closed again", Layer.STORE, client.get("user:u3").layer());
      assertEquals(0.0, gauge(client, "avalo.cache.store.circuit.open"), 0);
    }
  }

  @Test
  public void lastValueIsServedStaleUpToTheMaximumStaleness() {
    store.put(profile);
    try (CacheClient client = client()) {
      client.get("user:u1");
      client.get("user:nobody");
      store.setDown(true);
      time.advance(Duration.ofMinutes(5)); // both have left memory
      assertEquals(new CacheRead(profile, Layer.MEMORY, true, true), client.get("user:u1"));
      assertEquals("a remembered absence stays one", new CacheRead(null, Layer.MEMORY, false, true),
          client.get("user:nobody"));

      time.advance(Duration.ofMinutes(5).minusNanos(1));
      assertEquals(new CacheRead(profile, Layer.MEMORY, true, true), client.get("user:u1"));
      time.advanceNanos(1);
      assertDown(client, "user:u1");
    }
  }

  @Test
  public void batchFailsFastWhenAKeyHasNoLastValue() {
    store.put(profile);
    try (CacheClient client = client()) {
      client.get("user:u1");
      store.setDown(true);
      try {
        client.getAll(List.of("user:u1", "user:u2", "user:u3"));
        fail("a key without any value was answered");
      } catch (StoreDownException e) {
        assertEquals("user:u2", e.key());
      }
      time.advance(Duration.ofMinutes(6));
      store.setDown(false);
      time.advance(Duration.ofSeconds(5));
      assertEquals(3, client.getAll(List.of("user:u1", "user:u2", "user:u3")).size());
    }
  }

  @Test
  public void aLoadThatTakesTooLongFailsOnceForAllItsReaders() throws Exception {
    store.put(profile);
    ExecutorService loaders = Executors.newFixedThreadPool(1);
    ExecutorService readers = Executors.newFixedThreadPool(5);
    try (CacheClient client = Clients.builder(store, time).executor(loaders)
        .loadTimeout(Duration.ofMillis(100))
        .circuit(2, Duration.ofSeconds(1), Duration.ofSeconds(1)).build()) {
      store.hold();
      List<Future<CacheRead>> reads = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        reads.add(readers.submit(() -> client.get("user:u1")));
      }
      for (Future<CacheRead> read : reads) {
        try {
          read.get(5, TimeUnit.SECONDS);
          fail("waited for a hanging store");
        } catch (ExecutionException e) {
          assertTrue(e.getCause().getMessage(),
              e.getCause().getMessage().contains("did not answer within PT0.1S"));
        }
      }
      assertEquals("five readers, one slow load, one failure: the circuit stays closed", 0.0,
          gauge(client, "avalo.cache.store.circuit.open"), 0);
      store.open();
    } finally {
      readers.shutdownNow();
      loaders.shutdownNow();
    }
  }

  private static void assertDown(CacheClient client, String key) {
    try {
      CacheRead read = client.get(key);
      fail("read " + key + " while the store is down: " + read);
    } catch (StoreDownException e) {
      assertEquals(key, e.key());
      assertTrue("cause is a StoreUnavailableException", e.getCause() instanceof StoreUnavailableException);
      assertTrue(e.getMessage(), e.getMessage().contains("map:test"));
      assertFalse(e.getMessage().isBlank());
    }
  }

  private static double gauge(CacheClient client, String name) {
    return client.meterRegistry().get(name).gauge().value();
  }
}
