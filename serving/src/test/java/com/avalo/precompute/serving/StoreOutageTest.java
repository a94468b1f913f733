package com.avalo.precompute.serving;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.serving.CacheRead.Layer;
import com.avalo.precompute.serving.store.StoreUnavailableException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
  public void anExpiredDocumentOfAMissTypeIsNotServedWhileTheStoreIsDown() {
    store.put(Docs.doc("user:u1:tokens", Docs.T0.plusSeconds(60)));
    store.put(Docs.doc("user:u2:tokens", Docs.T0.plusSeconds(60)));
    try (CacheClient client = Clients.builder(store, time)
        .maxStaleness(Duration.ofMinutes(5))
        .expiredPolicy(DocumentType.USER_TOKENS, ExpiredPolicy.MISS).build()) {
      client.getAll(List.of("user:u1:tokens", "user:u2:tokens"));
      store.setDown(true);
      time.advance(Duration.ofSeconds(59));
      assertEquals("fresh: served from memory", Layer.MEMORY, client.get("user:u1:tokens").layer());

      time.advance(Duration.ofSeconds(2)); // past expiresAt, well within the stale-if-error window
      StoreDownException one = assertThrows(StoreDownException.class,
          () -> client.get("user:u1:tokens"));
      assertTrue(one.getMessage(), one.getMessage().contains("policy (MISS) never serves"));
      StoreDownException batch = assertThrows(StoreDownException.class,
          () -> client.getAll(List.of("user:u1:tokens", "user:u2:tokens")));
      assertEquals("user:u1:tokens", batch.key());
    }
  }

  @Test
  public void aBatchChunkTheStoreFailsIsToldOfItsOwnKeysAndSparesTheOthers() {
    List<String> keys = List.of("user:a", "user:b", "user:c", "user:d");
    keys.forEach(key -> store.put(Docs.doc(key, Docs.T0.plus(Duration.ofDays(1)))));
    Set<String> failing = ConcurrentHashMap.newKeySet();
    List<Collection<String>> calls = new CopyOnWriteArrayList<>();
    ForwardingStore chunksFail = new ForwardingStore(store) {
      @Override
      public Map<String, CacheDocument> getAll(Collection<String> asked) {
        calls.add(Set.copyOf(asked));
        if (asked.stream().anyMatch(failing::contains)) {
          throw new StoreUnavailableException("the chunk of user:c fails (test)", null);
        }
        return super.getAll(asked);
      }
    };
    try (CacheClient client = CacheClient.builder(chunksFail).ticker(time).clock(time)
        .executor(Runnable::run).meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
        .batchSize(2).maxStaleness(Duration.ofMinutes(5)).build()) {
      failing.add("user:c");
      StoreDownException down = assertThrows(StoreDownException.class, () -> client.getAll(keys));
      assertTrue(down.key(), Set.of("user:c", "user:d").contains(down.key()));
      assertTrue(down.getMessage(), down.getMessage().contains("the chunk of user:c fails"));
      assertEquals("two chunks, two store calls", 2, calls.size());
      assertEquals("the chunk that was read stayed in memory", Layer.MEMORY,
          client.get("user:a").layer());
      assertEquals(Layer.MEMORY, client.get("user:b").layer());
      assertEquals(2, calls.size());

      failing.clear();
      client.getAll(keys);
      time.advance(Duration.ofMinutes(6)); // out of memory, within the stale-if-error window
      failing.add("user:c");
      Map<String, CacheRead> reads = client.getAll(keys);
      assertEquals(new CacheRead(store.get("user:a").orElseThrow(), Layer.STORE, false),
          reads.get("user:a"));
      assertTrue("the failed chunk's keys answered from their last values",
          reads.get("user:c").storeFailed() && reads.get("user:d").storeFailed());
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

  /**
   * A store slower than the load timeout: its timeouts open the circuit, and its answers, arriving
   * after the loads gave up on them, must not close it again while it is as slow as before.
   */
  @Test
  public void lateAnswersOfTimedOutLoadsDoNotCloseTheCircuit() {
    store.put(profile);
    store.put(Docs.doc("user:u2", Docs.T0.plus(Duration.ofDays(1))));
    List<CompletableFuture<Optional<CacheDocument>>> unanswered = new CopyOnWriteArrayList<>();
    try (CacheClient client = CacheClient.builder(answeredByHand(unanswered)).ticker(time)
        .clock(time).executor(Runnable::run).loadTimeout(Duration.ofMillis(100))
        .circuit(2, Duration.ofSeconds(5), Duration.ofSeconds(5))
        .meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).build()) {
      assertDown(client, "user:u1");
      assertDown(client, "user:u2");
      assertEquals("two timeouts opened the circuit", 1.0,
          gauge(client, "avalo.cache.store.circuit.open"), 0);

      unanswered.forEach(read -> read.complete(Optional.of(profile)));
      assertEquals("the late answers left it open", 1.0,
          gauge(client, "avalo.cache.store.circuit.open"), 0);
      assertDown(client, "user:u3");
      assertEquals("fail fast: the store was not asked again", 2, unanswered.size());
      assertEquals("each counts as a failed read, as without the bypass", 3.0,
          client.meterRegistry().get("avalo.cache.reads").tags("type", "profile", "layer", "store",
              "result", "error").functionCounter().count(), 0);
    }
  }

  /** The readiness probe reads the store through the circuit too, with a timeout of its own. */
  @Test
  public void lateAnswersToReadinessProbesDoNotCloseTheCircuit() {
    store.put(profile);
    List<CompletableFuture<Optional<CacheDocument>>> unanswered = new CopyOnWriteArrayList<>();
    try (CacheClient client = CacheClient.builder(answeredByHand(unanswered)).ticker(time)
        .clock(time).executor(Runnable::run)
        .circuit(2, Duration.ofSeconds(5), Duration.ofSeconds(5))
        .meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).build()) {
      for (int probe = 0; probe < 2; probe++) {
        StoreDownException slow = assertThrows(StoreDownException.class,
            () -> client.checkStore("user:u1", Duration.ofMillis(50)));
        assertTrue(slow.getMessage(), slow.getMessage().contains("within PT0.05S"));
      }
      assertEquals(1.0, gauge(client, "avalo.cache.store.circuit.open"), 0);

      unanswered.forEach(read -> read.complete(Optional.of(profile)));
      assertEquals("the late answers left it open", 1.0,
          gauge(client, "avalo.cache.store.circuit.open"), 0);
    }
  }

  /**
   * The bypass (rollback) reads the store as its origin through the load timeout and the circuit
   * too: a hung store fails each read in time, then fast. Before, a bypassed read waited for the
   * store as long as the store's own client did (here: forever).
   */
  @Test(timeout = 20_000)
  public void theBypassReadsTheStoreWithinTheLoadTimeoutAndThenFailsFast() {
    List<CompletableFuture<Optional<CacheDocument>>> unanswered = new CopyOnWriteArrayList<>();
    try (CacheClient client = CacheClient.builder(answeredByHand(unanswered)).ticker(time).clock(time)
        .executor(Runnable::run).loadTimeout(Duration.ofMillis(100))
        .circuit(2, Duration.ofSeconds(5), Duration.ofSeconds(5)).storeAsOrigin()
        .meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).build()) {
      client.setBypass(true);
      assertDown(client, "user:u1");
      assertDown(client, "user:u2");
      assertEquals("two timeouts opened the circuit", 1.0,
          gauge(client, "avalo.cache.store.circuit.open"), 0);
      assertDown(client, "user:u3");
      assertEquals("fail fast: the store was not asked again", 2, unanswered.size());
      assertEquals("each counts as a failed read, as without the bypass", 3.0,
          client.meterRegistry().get("avalo.cache.reads").tags("type", "profile", "layer", "store",
              "result", "error").functionCounter().count(), 0);
    }
  }

  /**
   * A non-blocking store whose reads wait in {@code unanswered} until the test answers them; a
   * blocking read waits for its answer too.
   */
  private ForwardingStore answeredByHand(List<CompletableFuture<Optional<CacheDocument>>> unanswered) {
    return new ForwardingStore(store) {
      @Override
      public Optional<CacheDocument> get(String key) {
        return getAsync(key, Runnable::run).join();
      }

      @Override
      public boolean nonBlockingReads() {
        return true;
      }

      @Override
      public CompletableFuture<Optional<CacheDocument>> getAsync(String key, Executor executor) {
        CompletableFuture<Optional<CacheDocument>> answer = new CompletableFuture<>();
        unanswered.add(answer);
        return answer;
      }
    };
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
