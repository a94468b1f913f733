package com.avalo.precompute.serving;

import com.avalo.precompute.schemas.CacheKey;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.serving.CacheRead.Layer;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * The client's Micrometer meters, all registered up front so that the read path only bumps
 * {@link LongAdder}s it already holds (exported as counters through {@link FunctionCounter}).
 * Names as Prometheus shows them:
 *
 * <pre>
 *   avalo_cache_reads_total{cache,type,layer,result}   one per key read; layer = who answered
 *                                                      (memory|store|origin|none), result =
 *                                                      hit|stale|miss|error
 *   avalo_cache_latency_seconds{cache,type,layer,quantile=0.5|0.95|0.99} (+ _count, _sum, _max)
 *                                                      layer as above, or stale_if_error for
 *                                                      memory's answers given because the store
 *                                                      failed (in reads_total: memory, stale), or
 *                                                      failed for reads that threw (in
 *                                                      reads_total: store, error)
 *   avalo_cache_stale_total{cache,type,reason}         reason = expired|store_error
 *   avalo_cache_load_failures_total{cache,type,layer}  layer = store|origin
 *   avalo_cache_load_shed_total{cache,type}            misses refused: too many reads waiting
 *   avalo_cache_preloaded_total{cache}                 documents loaded by a warm start
 *   avalo_cache_refreshes_total{cache,type}            refreshes ahead of expiry started
 *   avalo_cache_evictions_total{cache,type,cause}      cause = size|expired
 *   avalo_cache_invalidations_total{cache,source}      source = local|remote
 *   avalo_cache_invalidation_publish_failures_total{cache}
 *   avalo_cache_memory_entries{cache}, avalo_cache_memory_weight_bytes{cache}
 *   avalo_cache_store_circuit_open{cache}, avalo_cache_store_waiting{cache}, avalo_cache_bypass{cache}
 * </pre>
 *
 * Latency of memory hits is sampled (one hit in {@value #MEMORY_SAMPLE_EVERY}): timing a hit costs
 * two ticker reads and a record into the percentile histogram, several times the hit itself; one in
 * 16 added ~14 CPU ns to a ~47 ns hit, and one in 64 still held two threads to 45% of raw Caffeine's
 * hits (JMH, serving/src/jmh/RESULTS.md). So the memory layer's latency count is about 1/256 of its
 * hits; the hits themselves are counted exactly in the reads counter. Stale-if-error answers
 * waited for the store to fail, up to the load timeout, and every one is timed: timed as memory,
 * a handful of them among the sampled hits made the memory layer's percentiles those of the
 * store's failures, so they have a layer of their own in the latency timer.
 */
final class CacheMetrics implements AutoCloseable {
  static final int MEMORY_SAMPLE_EVERY = 256;
  /** The latency timer's layer for stale-if-error answers, named as the HTTP metrics name them. */
  static final String STALE_IF_ERROR_LAYER = "stale_if_error";
  /**
   * The {@code layer} tag of the latency of failed reads. Timed under {@code store}, the reads
   * refused at once while the circuit is open made the store look fastest when it was down.
   */
  static final String FAILED_LAYER = "failed";

  /** What a read came to, as the {@code result} tag says it. */
  enum Result { HIT, STALE, MISS, ERROR }

  /** Why a stale document was served, as the {@code reason} tag says it. */
  enum StaleReason { EXPIRED, STORE_ERROR }

  private static final int TYPES = DocumentType.values().length;
  private static final int LAYERS = Layer.values().length;

  private final MeterRegistry registry;
  private final Tags cacheTag;
  private final List<Meter> meters = new ArrayList<>();
  private final LongAdder[][][] reads = new LongAdder[TYPES][LAYERS][Result.values().length];
  private final Timer[][] latency = new Timer[TYPES][LAYERS];
  private final Timer[] staleIfErrorLatency = new Timer[TYPES];
  private final Timer[] failedLatency = new Timer[TYPES];
  private final LongAdder[][] stale = new LongAdder[TYPES][StaleReason.values().length];
  private final LongAdder[][] loadFailures = new LongAdder[TYPES][LAYERS];
  private final LongAdder[] refreshes = new LongAdder[TYPES];
  private final LongAdder[] storeKeysRead = new LongAdder[TYPES];
  private final LongAdder[] shed = new LongAdder[TYPES];
  private final LongAdder[] unreadableVersions = new LongAdder[TYPES];
  private final LongAdder preloaded = new LongAdder();
  private final LongAdder[] sizeEvictions = new LongAdder[TYPES];
  private final LongAdder[] expiryEvictions = new LongAdder[TYPES];
  private final LongAdder localInvalidations = new LongAdder();
  private final LongAdder remoteInvalidations = new LongAdder();
  private final LongAdder publishFailures = new LongAdder();
  private final HitMeter[][] hitMeters = new HitMeter[TYPES][Result.values().length];

  CacheMetrics(MeterRegistry registry, String cacheName) {
    // Micrometer hands back the meter already registered under the same name and tags, so a
    // second client of the same name would count into the first's meters, or into none once the
    // first is closed, without a word.
    if (registry.find("avalo.cache.reads").tag("cache", cacheName).meter() != null) {
      throw new IllegalStateException("a CacheClient named '" + cacheName + "' already reports to"
          + " this meter registry; give each client that shares a registry its own name"
          + " (CacheClientBuilder.name), or close the other one first");
    }
    this.registry = registry;
    this.cacheTag = Tags.of("cache", cacheName);
    for (DocumentType type : DocumentType.values()) {
      int t = type.ordinal();
      Tags typeTags = cacheTag.and("type", type.typeName());
      for (Layer layer : Layer.values()) {
        Tags layerTags = typeTags.and("layer", tag(layer));
        for (Result result : Result.values()) {
          reads[t][layer.ordinal()][result.ordinal()] =
              counter("avalo.cache.reads", "Key reads by the layer that answered and what it found",
                  layerTags.and("result", tag(result)));
        }
        latency[t][layer.ordinal()] = latencyTimer(layerTags);
      }
      staleIfErrorLatency[t] = latencyTimer(typeTags.and("layer", STALE_IF_ERROR_LAYER));
      failedLatency[t] = latencyTimer(typeTags.and("layer", FAILED_LAYER));
      for (StaleReason reason : StaleReason.values()) {
        stale[t][reason.ordinal()] = counter("avalo.cache.stale",
            "Documents served past their freshness", typeTags.and("reason", tag(reason)));
      }
      for (Layer layer : List.of(Layer.STORE, Layer.ORIGIN)) {
        loadFailures[t][layer.ordinal()] = counter("avalo.cache.load.failures",
            "Loads that threw, by the layer that failed", typeTags.and("layer", tag(layer)));
      }
      refreshes[t] = counter("avalo.cache.refreshes", "Refreshes ahead of expiry started", typeTags);
      // avalo.cache.reads counts callers by the layer that answered them: 32 callers sharing one
      // single-flight load are 32 store reads there. This counts what the store was asked (and,
      // on Firestore, billed): one per key per store call, refreshes and probes included.
      storeKeysRead[t] = counter("avalo.cache.store.keys.read",
          "Keys asked of the store, once per key per store call however many callers wait on it",
          typeTags);
      unreadableVersions[t] = counter("avalo.cache.unreadable.versions",
          "Stored documents of a schemaVersion this build does not read, taken as misses", typeTags);
      shed[t] = counter("avalo.cache.load.shed",
          "Misses refused at once because too many callers were waiting on store reads", typeTags);
      sizeEvictions[t] = counter("avalo.cache.evictions", "Entries the memory tier dropped",
          typeTags.and("cause", "size"));
      expiryEvictions[t] = counter("avalo.cache.evictions", "Entries the memory tier dropped",
          typeTags.and("cause", "expired"));
      for (Result result : Result.values()) {
        hitMeters[t][result.ordinal()] = new HitMeter(
            reads[t][Layer.MEMORY.ordinal()][result.ordinal()],
            result == Result.STALE ? stale[t][StaleReason.EXPIRED.ordinal()] : null,
            latency[t][Layer.MEMORY.ordinal()]);
      }
    }
    String invalidations = "Invalidations applied to the memory tier, by where they came from";
    counter(localInvalidations, "avalo.cache.invalidations", invalidations, cacheTag.and("source", "local"));
    counter(remoteInvalidations, "avalo.cache.invalidations", invalidations, cacheTag.and("source", "remote"));
    counter(preloaded, "avalo.cache.preloaded", "Documents loaded into memory by a warm start",
        cacheTag);
    counter(publishFailures, "avalo.cache.invalidation.publish.failures",
        "Invalidations that could not be sent to the other instances", cacheTag);
  }

  /** The meters one memory hit of an entry of {@code type} bumps. */
  HitMeter memoryHit(DocumentType type, Result result) {
    return hitMeters[type.ordinal()][result.ordinal()];
  }

  /** Whether this memory hit is one whose latency is recorded. */
  static boolean sampleMemoryHit() {
    return (ThreadLocalRandom.current().nextInt() & (MEMORY_SAMPLE_EVERY - 1)) == 0;
  }

  /** A read answered by {@code read.layer()}, which took {@code nanos}. */
  void read(DocumentType type, CacheRead read, StaleReason reasonIfStale, long nanos) {
    count(type, read, reasonIfStale);
    latency[type.ordinal()][read.layer().ordinal()].record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * A read memory answered because the store failed, which took {@code nanos}: counted as memory's
   * read, timed under {@value #STALE_IF_ERROR_LAYER}.
   */
  void staleIfError(DocumentType type, CacheRead read, long nanos) {
    count(type, read, StaleReason.STORE_ERROR);
    staleIfErrorLatency[type.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
  }

  private void count(DocumentType type, CacheRead read, StaleReason reasonIfStale) {
    Result result = read.document() == null ? Result.MISS : read.stale() ? Result.STALE : Result.HIT;
    int t = type.ordinal();
    reads[t][read.layer().ordinal()][result.ordinal()].increment();
    if (result == Result.STALE) {
      stale[t][reasonIfStale.ordinal()].increment();
    }
  }

  /** A read that failed because the store is down: counted as the store's, timed apart. */
  void readFailed(DocumentType type, long nanos) {
    int t = type.ordinal();
    reads[t][Layer.STORE.ordinal()][Result.ERROR.ordinal()].increment();
    failedLatency[t].record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Keys about to be asked of the store in one call. */
  void storeRead(List<CacheKey> keys) {
    for (CacheKey key : keys) {
      storeKeysRead[key.type().ordinal()].increment();
    }
  }

  /** An origin call about to be made: a store read when the origin is the store itself. */
  void originCall(CacheKey key, OriginLoader loader) {
    if (loader instanceof StoreOrigin) {
      storeKeysRead[key.type().ordinal()].increment();
    }
  }

  void loadFailed(DocumentType type, Layer layer) {
    loadFailures[type.ordinal()][layer.ordinal()].increment();
  }

  void unreadableVersion(DocumentType type) {
    unreadableVersions[type.ordinal()].increment();
  }

  void loadShed(DocumentType type) {
    shed[type.ordinal()].increment();
  }

  void preloaded(long documents) {
    preloaded.add(documents);
  }

  void refreshStarted(DocumentType type) {
    refreshes[type.ordinal()].increment();
  }

  void evicted(DocumentType type, RemovalCause cause) {
    (cause == RemovalCause.SIZE ? sizeEvictions : expiryEvictions)[type.ordinal()].increment();
  }

  void invalidated(boolean remote) {
    (remote ? remoteInvalidations : localInvalidations).increment();
  }

  void publishFailed() {
    publishFailures.increment();
  }

  <T> void gauge(String name, String description, String baseUnit, T object, ToDoubleFunction<T> value) {
    register(Gauge.builder(name, object, value).description(description).baseUnit(baseUnit)
        .tags(cacheTag).strongReference(true).register(registry));
  }

  <T> void functionCounter(String name, String description, T object, ToDoubleFunction<T> count) {
    functionCounter(name, description, object, count, cacheTag);
  }

  /** Removes this client's meters, so that a later client may register the same names. */
  @Override
  public void close() {
    meters.forEach(registry::remove);
    meters.clear();
  }

  private Timer latencyTimer(Tags tags) {
    return register(Timer.builder("avalo.cache.latency")
        .description("Time a key read took, by the layer that answered")
        .tags(tags)
        .publishPercentiles(0.5, 0.95, 0.99)
        // Micrometer's default of 1 digit read 501 ms as 487 ms and 1,000 ms as 973 ms: an alert
        // at 500 ms or 1 s fired only some 3% late. With 2 digits a quantile is within 1%.
        .percentilePrecision(2)
        .register(registry));
  }

  private LongAdder counter(String name, String description, Tags tags) {
    return counter(new LongAdder(), name, description, tags);
  }

  private LongAdder counter(LongAdder adder, String name, String description, Tags tags) {
    functionCounter(name, description, adder, LongAdder::sum, tags);
    return adder;
  }

  private <T> void functionCounter(String name, String description, T object,
      ToDoubleFunction<T> count, Tags tags) {
    register(FunctionCounter.builder(name, object, count).description(description).tags(tags)
        .register(registry));
  }


  private <M extends Meter> M register(M meter) {
    meters.add(meter);
    return meter;
  }

  private static String tag(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  /** The meters a memory hit of one kind of entry bumps, looked up once when the entry is made. */
  static final class HitMeter {
    private final LongAdder reads;
    private final LongAdder stale;
    private final Timer latency;

    private HitMeter(LongAdder reads, LongAdder stale, Timer latency) {
      this.reads = reads;
      this.stale = stale;
      this.latency = latency;
    }

    /** Counts a hit; records its latency when it is one of the sampled hits. */
    void record(boolean sampled, long nanos) {
      reads.increment();
      if (stale != null) {
        stale.increment();
      }
      if (sampled) {
        latency.record(nanos, TimeUnit.NANOSECONDS);
      }
    }
  }
}
