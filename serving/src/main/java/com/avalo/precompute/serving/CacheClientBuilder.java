package com.avalo.precompute.serving;

import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.serving.invalidation.InvalidationBus;
import com.avalo.precompute.serving.invalidation.LocalInvalidationBus;
import com.avalo.precompute.serving.store.CacheStore;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Configures a {@link CacheClient}; get one from {@link CacheClient#builder}. Every setting has a
 * default suited to production; {@link #build()} checks the whole and freezes it.
 *
 * <pre>{@code
 * CacheClient client = CacheClient.builder(CacheStores.open(spec))
 *     .maximumWeightBytes(256L << 20)
 *     .expiredPolicy(DocumentType.USER_TOKENS, ExpiredPolicy.ORIGIN)
 *     .originLoader(DocumentType.USER_TOKENS, key -> Optional.of(balances.compute(key.subject())))
 *     .meterRegistry(prometheusRegistry)
 *     .invalidationBus(FirestoreInvalidationBus.open(project, null))
 *     .build();
 * }</pre>
 */
public final class CacheClientBuilder {
  private final CacheStore store;
  private String name = "avalo";
  private long maximumWeightBytes = 128L << 20;
  private final Map<DocumentType, Duration> memoryTtls = new EnumMap<>(DocumentType.class);
  private final Map<DocumentType, ExpiredPolicy> expiredPolicies = new EnumMap<>(DocumentType.class);
  private ExpiredPolicy defaultExpiredPolicy = ExpiredPolicy.SERVE_STALE;
  private final Map<DocumentType, OriginLoader> originLoaders = new EnumMap<>(DocumentType.class);
  private boolean storeAsOrigin;
  private Duration maxStaleness = Duration.ofMinutes(5);
  private Duration negativeTtl = Duration.ofSeconds(10);
  private double refreshAheadFraction = 0.8;
  private int batchSize = 300;
  private Duration loadTimeout = Duration.ofSeconds(3);
  private int failureThreshold = 3;
  private Duration initialBackoff = Duration.ofSeconds(1);
  private Duration maxBackoff = Duration.ofSeconds(5);
  private int maxWaitingReads = Integer.MAX_VALUE;
  private Executor executor;
  private int loaderThreads = 8;
  private Ticker ticker = Ticker.systemTicker();
  /** Null: {@link HitClock#DEFAULT_TOLERANCE} on the system ticker, exact on a ticker given. */
  private Duration hitClockTolerance;
  /** A clock a test drives by hand; replaces the one the tolerance would make. */
  private HitClock hitClock;
  private Clock clock = Clock.systemUTC();
  private MeterRegistry meterRegistry;
  private InvalidationBus invalidationBus;
  private FeatureFlags featureFlags = new FeatureFlags();

  CacheClientBuilder(CacheStore store) {
    this.store = Objects.requireNonNull(store, "store");
    for (DocumentType type : DocumentType.values()) {
      memoryTtls.put(type, type.defaultMemoryTtl());
    }
  }

  /** The {@code cache} tag of every metric, to tell several clients apart; default {@code avalo}. */
  public CacheClientBuilder name(String value) {
    this.name = requireText(value, "name");
    return this;
  }

  /**
   * Bytes of document JSON the memory tier holds at most; default 128 MiB. The stale-if-error
   * tier (last values kept for {@link #maxStaleness} after they leave memory) is bounded by the
   * same figure; it shares the documents of the entries still in memory.
   */
  public CacheClientBuilder maximumWeightBytes(long value) {
    this.maximumWeightBytes = requirePositive(value, "maximumWeightBytes");
    return this;
  }

  /**
   * How long documents of {@code type} stay in memory at most (a document leaves earlier when its
   * own {@code expiresAt} comes first); default {@link DocumentType#defaultMemoryTtl()}. Zero
   * keeps the type out of memory: its documents, stale ones and remembered absences alike
   * (single-flight still joins concurrent misses).
   */
  public CacheClientBuilder memoryTtl(DocumentType type, Duration ttl) {
    memoryTtls.put(Objects.requireNonNull(type, "type"), requireNotNegative(ttl, "memoryTtl"));
    return this;
  }

  /** What to do with expired documents of {@code type}; default {@link #defaultExpiredPolicy}. */
  public CacheClientBuilder expiredPolicy(DocumentType type, ExpiredPolicy policy) {
    expiredPolicies.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(policy, "policy"));
    return this;
  }

  /** The policy of types without their own; default {@link ExpiredPolicy#SERVE_STALE}. */
  public CacheClientBuilder defaultExpiredPolicy(ExpiredPolicy policy) {
    this.defaultExpiredPolicy = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /** The slow way to compute documents of {@code type}, for {@link ExpiredPolicy#ORIGIN} and the bypass. */
  public CacheClientBuilder originLoader(DocumentType type, OriginLoader loader) {
    originLoaders.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(loader, "loader"));
    return this;
  }

  /**
   * Makes the store itself the origin of every type without a loader of its own: for a service
   * with no source data to recompute documents from ({@code precompute serve}), so that the bypass
   * still answers. Those origin reads count in {@code avalo.cache.store.keys.read}, since the store
   * is asked (and, on Firestore, billed) for each.
   */
  public CacheClientBuilder storeAsOrigin() {
    this.storeAsOrigin = true;
    return this;
  }

  /**
   * How long past the end of its freshness a document may still be served: an expired document
   * under {@link ExpiredPolicy#SERVE_STALE}, and the last value of a key while the store fails
   * (stale-if-error); default 5 minutes.
   */
  public CacheClientBuilder maxStaleness(Duration value) {
    this.maxStaleness = requireNotNegative(value, "maxStaleness");
    return this;
  }

  /**
   * How long the memory tier remembers that a key has no document, and keeps an expired document
   * it serves stale, before asking the store again; default 10 seconds.
   */
  public CacheClientBuilder negativeTtl(Duration value) {
    this.negativeTtl = requireNotNegative(value, "negativeTtl");
    return this;
  }

  /**
   * The share of an entry's memory lifetime after which a read of it starts a background reload,
   * so that a hot key is replaced before it expires and no read of it waits on the store;
   * default 0.8. 1 turns refresh ahead off.
   */
  public CacheClientBuilder refreshAheadFraction(double value) {
    if (!(value > 0 && value <= 1)) {
      throw new IllegalArgumentException("refreshAheadFraction must be in (0, 1], not " + value);
    }
    this.refreshAheadFraction = value;
    return this;
  }

  /** Keys per batched store read; {@code getAll} of N missing keys makes ceil(N / batchSize) reads. Default 300. */
  public CacheClientBuilder batchSize(int value) {
    this.batchSize = (int) requirePositive(value, "batchSize");
    return this;
  }

  /**
   * How long a load (a store read, and the origin call it may make) may take; default 3 seconds.
   * A store read that takes longer fails and counts once against the circuit, and its late answer
   * not at all: a store that always answers late stays taken as down. An origin call gets what the
   * store read left of it; past that, the expired document is served stale, as when the origin
   * fails, and the origin's late answer is dropped.
   */
  public CacheClientBuilder loadTimeout(Duration value) {
    this.loadTimeout = requirePositive(value, "loadTimeout");
    return this;
  }

  /**
   * The circuit in front of the store: after {@code failures} consecutive failures reads that need
   * the store fail fast; one read probes the store in the background after {@code initialBackoff},
   * doubling on every failed probe up to {@code maxBackoff}. Default 3, 1 second, 5 seconds: a
   * probe costs no caller any wait, so a short maximum lets reads recover within seconds of the
   * store's return for one store read per backoff.
   */
  public CacheClientBuilder circuit(int failures, Duration initialBackoff, Duration maxBackoff) {
    this.failureThreshold = (int) requirePositive(failures, "failures");
    this.initialBackoff = requirePositive(initialBackoff, "initialBackoff");
    this.maxBackoff = requirePositive(maxBackoff, "maxBackoff");
    return this;
  }

  /**
   * How many reads may wait on the store at once (a bulkhead); a miss past that is shed at once,
   * served stale if it can be, else failed as when the store is down. Each waiting read holds its
   * caller's thread, so a server sets this below its request threads, leaving the rest to memory
   * hits when the store turns slow. Default unbounded.
   */
  public CacheClientBuilder maxWaitingReads(int value) {
    this.maxWaitingReads = (int) requirePositive(value, "maxWaitingReads");
    return this;
  }

  /**
   * Runs loads on {@code value}, which the caller owns; default a pool of {@link #loaderThreads}.
   * A store with asynchronous reads (Firestore) only parses its answers there; a blocking one
   * (SQLite) holds a thread of it for each read, and so does each origin call: size it for both,
   * or hung origins hold the threads the store's reads need. (Without it, a blocking store's
   * reads get a pool of {@link #loaderThreads} of their own.)
   */
  public CacheClientBuilder executor(Executor value) {
    this.executor = Objects.requireNonNull(value, "executor");
    return this;
  }

  /**
   * Size of the client's own loader pool, and of a blocking store's read pool, when no
   * {@link #executor} is given; default 8.
   */
  public CacheClientBuilder loaderThreads(int value) {
    this.loaderThreads = (int) requirePositive(value, "loaderThreads");
    return this;
  }

  /** The time source of memory expiry and refresh; default {@link Ticker#systemTicker()}. Tests pass a fake. */
  public CacheClientBuilder ticker(Ticker value) {
    this.ticker = Objects.requireNonNull(value, "ticker");
    return this;
  }

  /**
   * How far ahead a deadline must be for a memory hit to trust the coarse clock (a copy of the
   * ticker that a daemon thread moves every 10 ms) instead of reading the ticker, which costs more
   * than the rest of a hit. An entry can be served past its deadline only if that thread falls
   * behind by more than this (counted in {@code avalo.cache.hit.clock.stalls}). Zero reads the
   * ticker on every hit. Default 1 s on the system ticker; zero when a {@link #ticker} is given,
   * since a test's ticker jumps rather than runs.
   */
  public CacheClientBuilder hitClockTolerance(Duration value) {
    this.hitClockTolerance = requireNotNegative(value, "hitClockTolerance");
    return this;
  }

  /** For tests: memory hits read {@code value}, which the test ticks by hand. */
  CacheClientBuilder hitClock(HitClock value) {
    this.hitClock = Objects.requireNonNull(value, "hitClock");
    return this;
  }

  /** The wall clock compared with documents' {@code expiresAt}; default UTC system clock. Tests pass a fake. */
  public CacheClientBuilder clock(Clock value) {
    this.clock = Objects.requireNonNull(value, "clock");
    return this;
  }

  /** Where metrics go, typically a {@code PrometheusMeterRegistry}; default a new Prometheus registry. */
  public CacheClientBuilder meterRegistry(MeterRegistry value) {
    this.meterRegistry = Objects.requireNonNull(value, "meterRegistry");
    return this;
  }

  /**
   * How invalidations reach the other instances; default {@link LocalInvalidationBus#single()}.
   * The client closes it, and so does a {@link #build()} that fails.
   */
  public CacheClientBuilder invalidationBus(InvalidationBus value) {
    this.invalidationBus = Objects.requireNonNull(value, "invalidationBus");
    return this;
  }

  /** Run-time switches, possibly shared with other clients; default a fresh set, all off. */
  public CacheClientBuilder featureFlags(FeatureFlags value) {
    this.featureFlags = Objects.requireNonNull(value, "featureFlags");
    return this;
  }

  /**
   * Checks the configuration and starts the client (and its invalidation listener).
   *
   * @throws IllegalStateException when a type's policy is {@link ExpiredPolicy#ORIGIN} but it has
   *     no origin loader
   */
  public CacheClient build() {
    Map<DocumentType, ExpiredPolicy> policies = new EnumMap<>(DocumentType.class);
    Map<DocumentType, OriginLoader> origins = new EnumMap<>(originLoaders);
    for (DocumentType type : DocumentType.values()) {
      if (storeAsOrigin) {
        origins.putIfAbsent(type, new StoreOrigin(store));
      }
      ExpiredPolicy policy = expiredPolicies.getOrDefault(type, defaultExpiredPolicy);
      if (policy == ExpiredPolicy.ORIGIN && !origins.containsKey(type)) {
        throw new IllegalStateException("expired " + type.typeName() + " documents go to the origin,"
            + " but no origin loader is registered for " + type + ": call originLoader(" + type
            + ", loader) or choose another expiredPolicy");
      }
      policies.put(type, policy);
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalStateException("maxBackoff " + maxBackoff + " is shorter than initialBackoff "
          + initialBackoff);
    }
    CacheSettings settings = new CacheSettings(name, maximumWeightBytes, memoryTtls, policies,
        origins, maxStaleness, negativeTtl, refreshAheadFraction, batchSize, loadTimeout,
        failureThreshold, initialBackoff, maxBackoff, maxWaitingReads);
    HitClock hits = hitClock;
    if (hits == null) {
      Duration tolerance = hitClockTolerance != null ? hitClockTolerance
          : ticker == Ticker.systemTicker() ? HitClock.DEFAULT_TOLERANCE : Duration.ZERO;
      hits = new HitClock(ticker, Nanos.of(tolerance)).start();
    }
    InvalidationBus bus = invalidationBus == null ? LocalInvalidationBus.single() : invalidationBus;
    try {
      return new CacheClient(settings, store, executor, loaderThreads, ticker, hits, clock,
          meterRegistry, bus, featureFlags);
    } catch (RuntimeException e) {
      // What the client would have closed: the clock's thread and the bus's listener (a
      // Firestore bus holds a client and a thread of its own) ran on for good after a failed
      // build, such as a second client of one name on one registry.
      hits.close();
      bus.close();
      throw e;
    }
  }

  private static String requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return value;
  }

  private static long requirePositive(long value, String what) {
    if (value <= 0) {
      throw new IllegalArgumentException(what + " must be positive, not " + value);
    }
    return value;
  }

  private static Duration requirePositive(Duration value, String what) {
    if (requireNotNegative(value, what).isZero()) {
      throw new IllegalArgumentException(what + " must be positive, not " + value);
    }
    return value;
  }

  private static Duration requireNotNegative(Duration value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative, not " + value);
    }
    return value;
  }
}
