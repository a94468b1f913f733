package com.avalo.precompute.serving;

import com.avalo.precompute.schemas.CacheDocument;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The memory-hit path of {@link CacheClient#get(String)} against raw Caffeine
 * {@code getIfPresent} on the same 1,024 keys, all in memory, on one and two threads
 * ({@link OneThread}, {@link TwoThreads}). Goal: the client at least half of raw Caffeine's
 * throughput.
 *
 * <p>Clients: as built by default (memory hits read the coarse {@link HitClock}), and with
 * {@code hitClockTolerance(ZERO)} (every hit reads the ticker). Raw caches: a plain size-bounded
 * one (the goal's baseline); one with the client's weigher and a per-entry {@link Expiry}; an
 * {@code AsyncLoadingCache} built like the client's memory tier was until it checked deadlines
 * itself (weigher, per-entry expiry, {@code refreshAfterWrite}), read through
 * {@code synchronous()}; and an {@code AsyncLoadingCache} with the weigher only, read through its
 * futures, as the tier is built now, which isolates what the client adds. Also the cost of one
 * read of the system ticker.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public abstract class MemoryHitBenchmark {
  private static final int KEYS = 1024;

  private String[] keys;
  private CacheClient client;
  private CacheClient exactClockClient;
  private Cache<String, CacheDocument> plainCaffeine;
  private Cache<String, CacheDocument> expiringCaffeine;
  private LoadingCache<String, CacheDocument> asyncLikeTheClient;
  private AsyncLoadingCache<String, CacheDocument> asyncWeighed;

  /** Each thread walks the keys in its own order. */
  @State(Scope.Thread)
  public static class Cursor {
    private int next = (int) (Thread.currentThread().getId() * 7919);

    String key(String[] keys) {
      return keys[next++ & (KEYS - 1)];
    }
  }

  @Setup
  public void setUp() {
    MapStore store = new MapStore();
    List<String> all = new ArrayList<>();
    Instant expiresAt = Instant.now().plus(Duration.ofDays(1));
    plainCaffeine = Caffeine.newBuilder().maximumSize(10_000).build();
    expiringCaffeine = Caffeine.newBuilder()
        .maximumWeight(128L << 20)
        .weigher((String key, CacheDocument document) -> 1_000)
        .expireAfter(Expiry.creating((String key, CacheDocument document) -> Duration.ofHours(1)))
        .build();
    asyncLikeTheClient = Caffeine.newBuilder()
        .maximumWeight(128L << 20)
        .weigher((String key, CacheDocument document) -> 1_000)
        .expireAfter(Expiry.creating((String key, CacheDocument document) -> Duration.ofHours(1)))
        .refreshAfterWrite(Duration.ofHours(2))
        .buildAsync((String key) -> store.get(key).orElse(null))
        .synchronous();
    asyncWeighed = Caffeine.newBuilder()
        .maximumWeight(128L << 20)
        .weigher((String key, CacheDocument document) -> 1_000)
        .buildAsync((String key) -> store.get(key).orElse(null));
    for (int i = 0; i < KEYS; i++) {
      String key = "post:p" + i;
      CacheDocument document = Docs.doc(key, expiresAt);
      store.put(document);
      plainCaffeine.put(key, document);
      expiringCaffeine.put(key, document);
      asyncLikeTheClient.put(key, document);
      asyncWeighed.synchronous().put(key, document);
      all.add(key);
    }
    keys = all.toArray(String[]::new);
    client = CacheClient.builder(store)
        .meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
        .build();
    exactClockClient = CacheClient.builder(store)
        .meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
        .hitClockTolerance(Duration.ZERO)
        .build();
    for (CacheClient warmed : List.of(client, exactClockClient)) {
      warmed.getAll(all);
      for (String key : keys) {
        if (warmed.get(key).layer() != CacheRead.Layer.MEMORY) {
          throw new IllegalStateException(key + " is not in memory: the benchmark would measure the store");
        }
      }
    }
  }

  @TearDown
  public void tearDown() {
    client.close();
    exactClockClient.close();
  }

  @Benchmark
  public CacheRead cacheClientGet(Cursor cursor) {
    return client.get(cursor.key(keys));
  }

  /** The client reading the ticker on every hit, as it did before the coarse clock. */
  @Benchmark
  public CacheRead cacheClientGetExactClock(Cursor cursor) {
    return exactClockClient.get(cursor.key(keys));
  }

  @Benchmark
  public CacheDocument caffeineGetIfPresent(Cursor cursor) {
    return plainCaffeine.getIfPresent(cursor.key(keys));
  }

  @Benchmark
  public CacheDocument caffeineWithExpiryGetIfPresent(Cursor cursor) {
    return expiringCaffeine.getIfPresent(cursor.key(keys));
  }

  @Benchmark
  public CacheDocument caffeineAsyncLikeTheClientGetIfPresent(Cursor cursor) {
    return asyncLikeTheClient.getIfPresent(cursor.key(keys));
  }

  @Benchmark
  public CacheDocument caffeineAsyncWeighedGetIfPresent(Cursor cursor) {
    java.util.concurrent.CompletableFuture<CacheDocument> held = asyncWeighed.getIfPresent(cursor.key(keys));
    return held == null ? null : held.getNow(null);
  }

  /** What one read of the client's default ticker costs (System.nanoTime). */
  @Benchmark
  public long systemTickerRead() {
    return com.github.benmanes.caffeine.cache.Ticker.systemTicker().read();
  }

  /** On one thread. */
  @State(Scope.Benchmark)
  @Threads(1)
  public static class OneThread extends MemoryHitBenchmark {}

  /** On two threads, sharing the caches. */
  @State(Scope.Benchmark)
  @Threads(2)
  public static class TwoThreads extends MemoryHitBenchmark {}
}
