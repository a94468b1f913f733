package com.avalo.precompute.serving;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.serving.invalidation.InvalidationBus;
import com.avalo.precompute.serving.store.StoreUnavailableException;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import com.avalo.precompute.serving.CacheRead.Layer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import org.junit.Test;

/** The counters and timers move as reads go, and come out of a Prometheus registry. */
public class MetricsTest {
  private final FakeTime time = new FakeTime();
  private final MapStore store = new MapStore();
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @Test
  public void readsAreCountedByTypeLayerAndResult() {
    store.put(Docs.doc("user:u1", Docs.T0.plusSeconds(3600)));
    store.put(Docs.doc("post:p1", Docs.T0.minusSeconds(60)));
    try (CacheClient client = Clients.builder(store, time).meterRegistry(registry).name("test")
        .circuit(1, Duration.ofSeconds(1), Duration.ofSeconds(1)).build()) {
      client.get("user:u1");
      for (int i = 0; i < 40; i++) {
        client.get("user:u1");
      }
      client.get("post:p1");
      client.get("post:p1");
      client.get("user:u2");
      store.setDown(true);
      try {
        client.get("user:u3");
        fail("read with the store down");
      } catch (StoreDownException expected) {
        // counted below
      }

      assertEquals(1, reads("profile", "store", "hit"), 0);
      assertEquals(40, reads("profile", "memory", "hit"), 0);
      assertEquals(1, reads("post", "store", "stale"), 0);
      assertEquals(1, reads("post", "memory", "stale"), 0);
      assertEquals(2, count("avalo.cache.stale", "post", "reason", "expired"), 0);
      assertEquals(1, reads("profile", "store", "miss"), 0);
      assertEquals(1, reads("profile", "store", "error"), 0);
      assertEquals(1, count("avalo.cache.load.failures", "profile", "layer", "store"), 0);
      assertEquals("store-layer latency: the hit and the miss", 2,
          registry.get("avalo.cache.latency").tags("type", "profile", "layer", "store").timer().count());
      assertEquals("the failed read, timed apart", 1,
          registry.get("avalo.cache.latency").tags("type", "profile", "layer", "failed").timer().count());
      assertEquals("user:u1, post:p1 and the absent user:u2", 3.0,
          registry.get("avalo.cache.memory.entries").gauge().value(), 0);
      assertTrue(registry.get("avalo.cache.memory.weight").gauge().value() > 0);

      String scrape = registry.scrape();
      for (String series : new String[] {
          "avalo_cache_reads_total{cache=\"test\",layer=\"memory\",result=\"hit\",type=\"profile\"} 40",
          "avalo_cache_latency_seconds{cache=\"test\",layer=\"store\",type=\"profile\",quantile=\"0.95\"}",
          "avalo_cache_latency_seconds_max{", "avalo_cache_stale_total{", "avalo_cache_evictions_total{",
          "avalo_cache_memory_weight_bytes{", "avalo_cache_store_circuit_open{cache=\"test\"} 1",
          "avalo_cache_bypass{cache=\"test\"} 0", "avalo_cache_load_failures_total{"}) {
        assertTrue("scrape has " + series + "\n" + scrape, scrape.contains(series));
      }
    }
    assertTrue("closing removes the client's meters", Search.in(registry).name("avalo.cache.reads")
        .meters().isEmpty());
  }

  @Test
  public void latencyQuantilesAreWithinOnePercentAtTheAlertThresholds() {
    CacheRead read = new CacheRead(null, Layer.STORE, false);
    for (long millis : new long[] {501, 1_001}) {
      try (CacheMetrics metrics = new CacheMetrics(registry, "at" + millis)) {
        for (int i = 0; i < 100; i++) {
          metrics.read(DocumentType.PROFILE, read, CacheMetrics.StaleReason.EXPIRED,
              TimeUnit.MILLISECONDS.toNanos(millis));
        }
        for (ValueAtPercentile quantile : registry.get("avalo.cache.latency")
            .tags("cache", "at" + millis, "type", "profile", "layer", "store").timer()
            .takeSnapshot().percentileValues()) {
          assertEquals("p" + quantile.percentile() + " of " + millis + " ms", millis,
              quantile.value(TimeUnit.MILLISECONDS), millis * 0.01);
        }
      }
    }
  }

  @Test
  public void twoClientsOfOneNameCannotShareARegistry() {
    try (CacheClient first = Clients.builder(store, time).meterRegistry(registry).name("one")
        .build()) {
      IllegalStateException refused = assertThrows(IllegalStateException.class,
          () -> Clients.builder(store, time).meterRegistry(registry).name("one").build());
      assertTrue(refused.getMessage(), refused.getMessage().contains("its own name"));
      Clients.builder(store, time).meterRegistry(registry).name("two").build().close();
    }
    Clients.builder(store, time).meterRegistry(registry).name("one").build().close();
  }

  /** A failed build leaves no thread running: the coarse clock it started, the bus it was given. */
  @Test
  public void aBuildThatFailsStopsTheClockItStartedAndClosesTheBusItWasGiven() throws Exception {
    try (CacheClient first = Clients.builder(store, time).meterRegistry(registry).name("one")
        .build()) {
      AtomicBoolean busClosed = new AtomicBoolean();
      InvalidationBus bus = new InvalidationBus() {
        @Override
        public void start(java.util.function.Consumer<String> listener) {}

        @Override
        public java.util.concurrent.CompletableFuture<Void> publish(String keyOrPrefix) {
          return java.util.concurrent.CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
          busClosed.set(true);
        }
      };
      java.util.Set<Thread> before = hitClockThreads();
      assertThrows(IllegalStateException.class, () -> Clients.builder(store, time)
          .meterRegistry(registry).name("one").hitClockTolerance(Duration.ofMillis(50))
          .invalidationBus(bus).build());
      assertTrue("the bus it was given is closed", busClosed.get());
      java.util.Set<Thread> started = hitClockThreads();
      started.removeAll(before);
      for (Thread thread : started) {
        thread.join(10_000);
      }
      assertTrue("the clock's thread it started has stopped: " + started,
          started.stream().noneMatch(Thread::isAlive));
    }
  }

  private static java.util.Set<Thread> hitClockThreads() {
    java.util.Set<Thread> threads = new java.util.HashSet<>();
    Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().startsWith("avalo-cache-hit-clock-"))
        .forEach(threads::add);
    return threads;
  }

  @Test
  public void evictionsAreCountedByCause() {
    try (CacheClient client = Clients.builder(store, time).meterRegistry(registry)
        .maximumWeightBytes(4_000).build()) {
      for (int i = 0; i < 20; i++) {
        store.put(Docs.doc("post:p" + i, Docs.T0.plusSeconds(3600)));
        client.get("post:p" + i);
      }
      assertTrue(count("avalo.cache.evictions", "post", "cause", "size") > 0);

      time.advance(Duration.ofHours(1));
      client.get("post:p19"); // finds it expired, which sets the clean-up going
      assertTrue(count("avalo.cache.evictions", "post", "cause", "expired") > 0);
    }
  }

  /**
   * A stale-if-error answer waited for the store to fail. Timed as memory, every one of them
   * among memory's hits, sampled 1 in 256, made the memory layer's percentiles the store's.
   */
  @Test
  public void staleIfErrorAnswersAreTimedApartFromMemoryHits() {
    store.put(Docs.doc("user:u1", Docs.T0.plusSeconds(3600)));
    AtomicBoolean failingSlowly = new AtomicBoolean();
    ForwardingStore slowToFail = new ForwardingStore(store) {
      @Override
      public Optional<CacheDocument> get(String key) {
        if (failingSlowly.get()) {
          time.advance(Duration.ofSeconds(3));
          throw new StoreUnavailableException("down (test)");
        }
        return super.get(key);
      }
    };
    try (CacheClient client = CacheClient.builder(slowToFail).ticker(time).clock(time)
        .executor(Runnable::run).meterRegistry(registry)
        .memoryTtl(DocumentType.PROFILE, Duration.ofSeconds(10)).build()) {
      client.get("user:u1");
      time.advance(Duration.ofSeconds(11));
      failingSlowly.set(true);
      CacheRead fallback = client.get("user:u1");
      assertTrue("answered stale-if-error", fallback.storeFailed());

      assertEquals("counted as memory's answer", 1, reads("profile", "memory", "stale"), 0);
      assertEquals(1, count("avalo.cache.stale", "profile", "reason", "store_error"), 0);
      assertEquals("no memory hit to time", 0, latency("profile", "memory").count());
      Timer staleIfError = latency("profile", "stale_if_error");
      assertEquals(1, staleIfError.count());
      assertEquals(3_000, staleIfError.totalTime(TimeUnit.MILLISECONDS), 0);
    }
  }

  /** A batch that fails for one key answers none of its keys: none counts as a stale serve. */
  @Test
  public void aFailedBatchCountsItsKeysAsFailedNotAsStaleServes() {
    store.put(Docs.doc("user:u1", Docs.T0.plusSeconds(3600)));
    try (CacheClient client = Clients.builder(store, time).meterRegistry(registry)
        .memoryTtl(DocumentType.PROFILE, Duration.ofSeconds(10)).build()) {
      client.get("user:u1");
      time.advance(Duration.ofSeconds(11));
      store.setDown(true);
      try {
        client.getAll(java.util.List.of("user:u1", "user:u2"));
        fail("user:u2 has no value to serve");
      } catch (StoreDownException expected) {
        assertTrue(expected.getMessage(), expected.getMessage().contains("'user:u2'"));
      }
      assertEquals(0, count("avalo.cache.stale", "profile", "reason", "store_error"), 0);
      assertEquals(0, reads("profile", "memory", "stale"), 0);
      assertEquals("both keys failed", 2, reads("profile", "store", "error"), 0);

      CacheRead alone = client.get("user:u1");
      assertTrue("alone, user:u1 is still served stale-if-error", alone.storeFailed());
      assertEquals(1, count("avalo.cache.stale", "profile", "reason", "store_error"), 0);
    }
  }

  private Timer latency(String type, String layer) {
    return registry.get("avalo.cache.latency").tags("type", type, "layer", layer).timer();
  }

  private double reads(String type, String layer, String result) {
    return registry.get("avalo.cache.reads").tags("type", type, "layer", layer, "result", result)
        .functionCounter().count();
  }

  private double count(String name, String type, String tag, String value) {
    return registry.get(name).tags("type", type, tag, value).functionCounter().count();
  }
}
