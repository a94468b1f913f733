package com.avalo.precompute.serving;

import com.avalo.precompute.schemas.AnalyticsBucket;
import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.CacheKey;
import com.avalo.precompute.schemas.ChatList;
import com.avalo.precompute.schemas.CountResult;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.schemas.FeedPage;
import com.avalo.precompute.schemas.MatchList;
import com.avalo.precompute.schemas.MediaCard;
import com.avalo.precompute.schemas.PostCard;
import com.avalo.precompute.schemas.ProfileCard;
import com.avalo.precompute.schemas.TokenBalance;
import com.avalo.precompute.schemas.UserStats;
import com.avalo.precompute.serving.CacheMetrics.StaleReason;
import com.avalo.precompute.serving.CacheRead.Layer;
import com.avalo.precompute.serving.StoreCircuit.Admission;
import com.avalo.precompute.serving.invalidation.InvalidationBus;
import com.avalo.precompute.serving.invalidation.InvalidationPrefixes;
import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.StoreUnavailableException;
import com.avalo.precompute.serving.store.UnreadableDocumentException;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import com.google.common.collect.Lists;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The read path the backend calls for every hot read: cache documents by key through an
 * in-memory tier (Caffeine, bounded by bytes, per-entry expiry) in front of a {@link CacheStore}.
 * Build one per process with {@link #builder} and share it; it is thread-safe.
 *
 * <ul>
 *   <li>A document stays in memory for the shorter of its type's memory TTL and the time left
 *       until its {@code expiresAt}; hot keys are reloaded in the background before that.
 *   <li>Concurrent misses of one key make one store read; {@link #getAll} one batched read per
 *       chunk of keys. Keys without a document are remembered for the negative TTL.
 *   <li>An expired document in the store is served stale, treated as missing, or recomputed by
 *       the origin, per type ({@link ExpiredPolicy}).
 *   <li>When the store fails, the last value of a key is served up to the maximum staleness;
 *       past that, or with no value, reads throw {@link StoreDownException}, at once while the
 *       store keeps failing (a circuit breaker) and normally again once it answers.
 *   <li>{@link #invalidate} drops a key or prefix here and, through the {@link InvalidationBus},
 *       on every other instance.
 *   <li>{@link FeatureFlags#setBypassCache} sends every read to the origin instead (rollback).
 * </ul>
 *
 * Typed reads ({@link #profile}, {@link #feedPage}, ...) return the payload record, stale or not;
 * use {@link #get(String)} to see {@link CacheRead#stale()} and the layer that answered. Payloads
 * are bound anew on every typed read, so callers may keep and change them; the documents of
 * {@link #get(String)} and {@link #getAll} are memory's own copies, shared by every reader, and
 * must not be changed ({@link CacheRead#document()}). A copy per hit would cost more than the hit.
 *
 * <p>Expiry and refresh ahead of the memory tier are the client's, not Caffeine's: Caffeine only
 * bounds the tier by weight, and a memory hit compares the deadlines the entry carries
 * ({@link Entry#expireAt}, {@link Entry#nextRefreshCheck}) with a coarse clock, reading the ticker
 * itself only when a deadline is within the clock's tolerance ({@link HitClock}). A read
 * that finds its entry past {@code expireAt} removes it (counted as an expiry eviction) and
 * answers as a miss; expired entries nobody reads leave through a sweep of the tier that misses
 * start at most once per {@link #SWEEP_INTERVAL}, or through size eviction.
 */
public final class CacheClient implements CachedReads {
  private static final System.Logger LOG = System.getLogger(CacheClient.class.getName());
  /** Least time between two sweeps of expired entries out of the memory tier. */
  static final java.time.Duration SWEEP_INTERVAL = java.time.Duration.ofSeconds(30);

  private final CacheSettings settings;
  private final CacheStore store;
  private final Ticker ticker;
  /** What memory hits read instead of the ticker. */
  private final HitClock hitClock;
  private final Clock clock;
  private final AsyncLoadingCache<String, Entry> cache;
  private final LoadingCache<String, Entry> memory;
  private final Executor loads;
  private final long minRefreshNanos = Nanos.of(CacheSettings.MIN_REFRESH_INTERVAL);
  private final long sweepNanos = Nanos.of(SWEEP_INTERVAL);
  /** Ticker instant from which the next miss starts a sweep of expired entries. */
  private final AtomicLong nextSweep;
  /** Each key's last value, kept to its stale-if-error deadline for when the store fails. */
  private final Cache<String, Entry> lastKnown;
  private final StoreCircuit circuit;
  private final StoreLoader storeLoader;
  private final WaitingReads waiting;
  /**
   * Where the store's reads run and its answers are handled: on the store's own thread when its
   * reads hold none; else on {@link #ownStoreReads}, or the caller's executor if one was given.
   */
  private final Executor storeCallbacks;
  /**
   * A blocking store's reads (SQLite's), when the client owns its loader pool: on that pool,
   * as many hung origin calls as loader threads held every thread, and a healthy store's reads
   * timed out behind them, which opened the circuit and failed every type's misses.
   */
  private final ExecutorService ownStoreReads;
  private final CacheMetrics metrics;
  private final MeterRegistry registry;
  private final FeatureFlags flags;
  /** {@link FeatureFlags#bypassChanges} as of the last time memory was dropped for it. */
  private volatile long bypassChangesCleared;
  /** Held while memory is dropped for a change of the bypass. */
  private final Object bypassClearing = new Object();
  private volatile boolean closed;
  private final InvalidationBus bus;
  private final ExecutorService ownExecutor;
  /** Origin calls in flight, by key, the bypass's and the loads': callers of a key share one. */
  private final OriginCallsInFlight originCalls = new OriginCallsInFlight();

  CacheClient(CacheSettings settings, CacheStore store, Executor executor, int loaderThreads,
      Ticker ticker, HitClock hitClock, Clock clock, MeterRegistry registry, InvalidationBus bus,
      FeatureFlags flags) {
    this.settings = settings;
    this.store = store;
    this.ticker = ticker;
    this.hitClock = hitClock;
    this.clock = clock;
    this.flags = flags;
    this.bypassChangesCleared = flags.bypassChanges();
    this.bus = bus;
    this.registry = registry != null ? registry : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.metrics = new CacheMetrics(this.registry, settings.name());
    this.ownExecutor = executor == null ? Executors.newFixedThreadPool(loaderThreads,
        new ThreadFactoryBuilder().setNameFormat("avalo-cache-loader-%d").setDaemon(true).build()) : null;
    this.loads = executor != null ? executor : ownExecutor;
    this.circuit = new StoreCircuit(ticker, settings.failureThreshold(),
        Nanos.of(settings.initialBackoff()), Nanos.of(settings.maxBackoff()));
    this.waiting = new WaitingReads(settings.maxWaitingReads());
    this.ownStoreReads = executor == null && !store.nonBlockingReads()
        ? Executors.newFixedThreadPool(loaderThreads, new ThreadFactoryBuilder()
            .setNameFormat("avalo-cache-store-%d").setDaemon(true).build())
        : null;
    this.storeCallbacks = store.nonBlockingReads() ? Runnable::run
        : ownStoreReads != null ? ownStoreReads : loads;
    Entries entries = new Entries(settings, metrics);
    this.lastKnown = Caffeine.newBuilder()
        .maximumWeight(settings.maximumWeightBytes())
        .weigher((String key, Entry entry) -> entry.weight)
        .expireAfter(new DeadlineExpiry(entries::staleIfErrorUntil))
        .ticker(ticker)
        .executor(loads)
        .build();
    StoreLoader loader = new StoreLoader(store, circuit, entries, settings, metrics, ticker, clock,
        this::remember, storeCallbacks, originCalls);
    this.storeLoader = loader;
    // No expireAfter and no refreshAfterWrite: per-entry expiry costs Caffeine a ticker read and
    // timer-wheel upkeep on every hit; the client checks the entry's own deadlines instead.
    this.cache = Caffeine.newBuilder()
        .maximumWeight(settings.maximumWeightBytes())
        .weigher((String key, Entry entry) -> entry.weight)
        .evictionListener((String key, Entry entry, RemovalCause cause) -> {
          if (entry != null) {
            // An entry already past its deadline when size pushes it out had expired first.
            metrics.evicted(entry.type, cause == RemovalCause.SIZE && ticker.read() >= entry.expireAt
                ? RemovalCause.EXPIRED : cause);
          }
        })
        .executor(loads)
        .buildAsync(loader);
    this.memory = cache.synchronous();
    this.nextSweep = new AtomicLong(Nanos.plus(ticker.read(), sweepNanos));
    registerGauges();
    bus.start(this::applyRemoteInvalidation);
  }

  /** A builder of a client reading {@code store}, which the client closes when it closes. */
  public static CacheClientBuilder builder(CacheStore store) {
    return new CacheClientBuilder(store);
  }

  @Override
  public CacheRead get(String key) {
    long bypassChanges = flags.bypassChanges();
    if (FeatureFlags.isBypassing(bypassChanges)) {
      CacheKey parsed = CacheKey.parse(key);
      return bypass(parsed, ticker.read() + Nanos.of(settings.loadTimeout()),
          startBypassCall(parsed), new StoreBatch(List.of(parsed)));
    }
    forgetWhatWasCachedBeforeABypass(bypassChanges);
    boolean sampled = CacheMetrics.sampleMemoryHit();
    // A sampled hit is timed, so it reads the ticker anyway; any other hit settles for the coarse
    // clock unless a deadline is too near for it (HitClock).
    long now = sampled ? hitClock.readExact() : hitClock.read();
    // Only parsed keys are ever loaded, so a key found in memory needs no parsing.
    CompletableFuture<Entry> held = key == null ? null : cache.getIfPresent(key);
    Entry hit = ready(held);
    if (hit != null && !sampled && hitClock.surelyBefore(now, hit.expireAt)
        && now < hit.nextRefreshCheck) {
      hit.memoryMeter.record(false, 0L);
      return hit.memoryRead;
    }
    if (!sampled) {
      now = hitClock.readExact();
    }
    CacheRead fromMemory = hit == null ? null : fromMemory(key, held, hit, now);
    if (fromMemory != null) {
      hit.memoryMeter.record(sampled, sampled ? ticker.read() - now : 0L);
      return fromMemory;
    }
    return load(CacheKey.parse(key), now);
  }

  /** Reads one parsed key. */
  public CacheRead get(CacheKey key) {
    return get(key.value());
  }

  /**
   * {@inheritDoc} A page that disagrees is read again from the store, past the memory tier (it
   * may hold the page from an older run), and so is page 0 when it still disagrees. The reread
   * leaves each page's last value for stale-if-error: should the store be down, the page every
   * other reader was served stays served, and this reader is told the versions disagree.
   */
  @Override
  public PageRead getPage(CacheKey key, String listVersion) {
    return PageRead.check(key, listVersion, this::get, page -> {
      memory.invalidate(page.value());
      return get(page);
    });
  }

  /**
   * Page {@code page} of {@code uid}'s feed when it is of the version {@code listVersion} of the
   * page the caller holds (see {@link #getPage}): empty when there is no such page, and a
   * {@link ListChangedException} when the feed changed or is being written.
   */
  public Optional<FeedPage> feedPage(String uid, int page, String listVersion) {
    return checkedPage(DocumentType.FEED_PAGE.key(uid, page), listVersion, FeedPage.class);
  }

  /** Page {@code page} of {@code uid}'s chat list, checked as {@link #feedPage(String, int, String)}. */
  public Optional<ChatList> chats(String uid, int page, String listVersion) {
    return checkedPage(DocumentType.CHATS.key(uid, page), listVersion, ChatList.class);
  }

  private <T> Optional<T> checkedPage(CacheKey key, String listVersion, Class<T> payloadClass) {
    PageRead read = getPage(key, listVersion);
    if (read.consistency() != PageRead.Consistency.SAME_LIST) {
      throw new ListChangedException(key, listVersion, read);
    }
    return read.read().found().map(document -> document.payloadAs(payloadClass));
  }

  @Override
  public Map<String, CacheRead> getAll(Collection<String> keys) {
    Map<String, CacheRead> reads = new LinkedHashMap<>();
    long bypassChanges = flags.bypassChanges();
    if (FeatureFlags.isBypassing(bypassChanges)) {
      // Every origin call is started before any is waited for, and all share one deadline: one
      // after the other, a slow origin held the caller for a load timeout per key. The keys whose
      // origin is the store (serve's) are read from it in one batched call, as without the bypass.
      long deadline = ticker.read() + Nanos.of(settings.loadTimeout());
      Map<CacheKey, OriginCallsInFlight.Call> calls = new LinkedHashMap<>();
      keys.stream().distinct().map(CacheKey::parse)
          .forEach(parsed -> calls.put(parsed, startBypassCall(parsed)));
      StoreBatch fromStore = new StoreBatch(calls.keySet().stream()
          .filter(parsed -> settings.originLoader(parsed.type()) instanceof StoreOrigin).toList());
      calls.forEach((parsed, call) ->
          reads.put(parsed.value(), bypass(parsed, deadline, call, fromStore)));
      return reads;
    }
    forgetWhatWasCachedBeforeABypass(bypassChanges);
    long start = hitClock.readExact();
    List<CacheKey> misses = new ArrayList<>();
    for (String key : keys) {
      if (reads.containsKey(key)) {
        continue;
      }
      CompletableFuture<Entry> held = key == null ? null : cache.getIfPresent(key);
      Entry hit = ready(held);
      CacheRead fromMemory = hit == null ? null : fromMemory(key, held, hit, start);
      if (fromMemory == null) {
        misses.add(CacheKey.parse(key));
        reads.put(key, null);
        continue;
      }
      hit.memoryMeter.record(false, 0L);
      reads.put(key, fromMemory);
    }
    if (!misses.isEmpty()) {
      loadAll(misses, start, reads);
    }
    return reads;
  }

  /**
   * Drops {@code keyOrPrefix} from memory here, at once, and on the other instances through the
   * invalidation bus. The next read of a dropped key goes to the store. A key that no other key
   * extends is dropped directly; a prefix ({@code user:{uid}} included) scans the keys in memory.
   *
   * @throws com.avalo.precompute.schemas.InvalidKeyException when it is neither a key nor a prefix
   *     of keys ({@link InvalidationPrefixes})
   */
  @Override
  public void invalidate(String keyOrPrefix) {
    drop(InvalidationPrefixes.check(keyOrPrefix));
    metrics.invalidated(false);
    bus.publish(keyOrPrefix).whenComplete((sent, failure) -> {
      if (failure != null) {
        metrics.publishFailed();
        LOG.log(Level.WARNING, "invalidation of '" + keyOrPrefix + "' reached this instance only: "
            + failure);
      }
    });
  }

  /** Longest a readiness probe waits on the store before it counts as not ready. */
  public static final java.time.Duration READINESS_TIMEOUT = java.time.Duration.ofSeconds(1);

  /** The store is asked itself ({@link #checkStore}), for at most {@link #READINESS_TIMEOUT}. */
  @Override
  public void checkReady(String probeKey) {
    checkStore(probeKey, READINESS_TIMEOUT);
  }

  /**
   * Checks that the store answers, for a readiness probe: throws {@link StoreDownException} at
   * once while the circuit is open (the store is known to be down), else reads {@code probeKey}
   * from the store itself, through the circuit, waiting at most {@code timeout}. A failure or a
   * timeout here counts against the circuit like a failed load, and a success after the backoff
   * closes it, so the probe also brings reads back when no traffic would. A probe document that
   * is there but cannot be read is an answer: it fails reads of its key only, not readiness.
   */
  public void checkStore(String probeKey, java.time.Duration timeout) {
    CacheKey key = CacheKey.parse(probeKey);
    long now = ticker.read();
    if (circuit.admit(now) == Admission.REJECT) {
      throw new StoreDownException(probeKey, "store " + store.describe() + " is down ("
          + circuit.consecutiveFailures() + " consecutive failures; probed again in "
          + TimeUnit.NANOSECONDS.toMillis(circuit.nanosUntilProbe(now)) + " ms)",
          circuit.lastFailure(store.describe()));
    }
    try {
      metrics.storeRead(List.of(key));
      // The circuit's timeout fails the call in time, so the wait needs no bound of its own.
      circuit.call(() -> store.getAsync(key.value(), storeCallbacks), timeout.toNanos(),
          slow -> new StoreUnavailableException(store.describe()
              + " did not answer the readiness probe within " + timeout, slow)).get();
    } catch (java.util.concurrent.ExecutionException e) {
      if (StoreCircuit.unreadableDocument(e).isPresent()) {
        return; // the store answered: a broken document is its key's failure, not an outage
      }
      throw new StoreDownException(probeKey, "reading '" + probeKey + "' from " + store.describe()
          + " failed: " + e.getCause().getMessage(), circuit.lastFailure(store.describe()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreDownException(probeKey, "interrupted while probing " + store.describe(),
          circuit.lastFailure(store.describe()));
    }
  }

  /**
   * Up to {@code limit} keys of documents in memory, the most frequently read first (Caffeine's
   * frequency sketch), for a later instance's warm start ({@link
   * com.avalo.precompute.serving.warmstart.WarmStart}). Remembered absences are left out. Caffeine
   * starts its sketch only once the tier is half full; before that the order is its eviction
   * order, which matters little: a tier under half full fits a warm start's default budget whole.
   */
  public List<String> hottestKeys(int limit) {
    return memory.policy().eviction()
        .map(eviction -> eviction.hottest(limit).entrySet().stream()
            .filter(hot -> hot.getValue().document != null)
            .map(Map.Entry::getKey).toList())
        .orElse(List.of());
  }

  /**
   * Loads {@code keys} that are not in memory yet from the store in batches, as misses would but
   * without counting as reads, so that the first reads of a fresh instance find them in memory.
   * Completes with the bytes of documents loaded (their memory weight).
   */
  public CompletableFuture<Long> preload(Collection<String> keys) {
    List<String> absent = keys.stream().distinct()
        .filter(key -> cache.getIfPresent(key) == null).map(key -> CacheKey.parse(key).value())
        .toList();
    if (absent.isEmpty()) {
      return CompletableFuture.completedFuture(0L);
    }
    return cache.getAll(absent).thenApply(loaded -> {
      long bytes = 0;
      long documents = 0;
      for (Map.Entry<String, Entry> entry : loaded.entrySet()) {
        remember(entry.getKey(), entry.getValue(), entry.getValue());
        if (entry.getValue().document != null) {
          bytes += entry.getValue().weight;
          documents++;
        }
      }
      metrics.preloaded(documents);
      return bytes;
    });
  }

  /** The run-time switches of this client. */
  public FeatureFlags featureFlags() {
    return flags;
  }

  /** Turns the cache bypass (every read to the origin) on or off; see {@link FeatureFlags}. */
  public void setBypass(boolean bypass) {
    flags.setBypassCache(bypass);
  }

  /** The registry the client's metrics are in: the one given to the builder, or its own. */
  public MeterRegistry meterRegistry() {
    return registry;
  }

  /** The payload of {@code key} bound to {@code payloadClass}, which must be the key type's. */
  public <T> Optional<T> read(CacheKey key, Class<T> payloadClass) {
    if (key.type().payloadClass() != payloadClass) {
      throw new IllegalArgumentException(key + " holds a " + key.type().payloadClass().getSimpleName()
          + ", not a " + payloadClass.getSimpleName());
    }
    return get(key.value()).found().map(document -> document.payloadAs(payloadClass));
  }

  /** {@code user:{uid}}. */
  public Optional<ProfileCard> profile(String uid) {
    return read(DocumentType.PROFILE.key(uid), ProfileCard.class);
  }

  /** {@code user:{uid}:stats}. */
  public Optional<UserStats> stats(String uid) {
    return read(DocumentType.USER_STATS.key(uid), UserStats.class);
  }

  /** {@code user:{uid}:tokens}. */
  public Optional<TokenBalance> tokens(String uid) {
    return read(DocumentType.USER_TOKENS.key(uid), TokenBalance.class);
  }

  /** {@code feed:{uid}:{page}}, pages from 0. */
  public Optional<FeedPage> feedPage(String uid, int page) {
    return read(DocumentType.FEED_PAGE.key(uid, page), FeedPage.class);
  }

  /** {@code matches:{uid}}. */
  public Optional<MatchList> matches(String uid) {
    return read(DocumentType.MATCHES.key(uid), MatchList.class);
  }

  /** {@code chats:{uid}} for page 0, {@code chats:{uid}:{page}} after. */
  public Optional<ChatList> chats(String uid, int page) {
    return read(DocumentType.CHATS.key(uid, page), ChatList.class);
  }

  /** {@code count:{collection}:{filters}}; empty filters count the whole collection. */
  public Optional<CountResult> count(String collection, Map<String, String> filters) {
    return read(DocumentType.COUNT.key(collection, CacheKey.formatFilters(filters)), CountResult.class);
  }

  /** {@code analytics:{metric}:{period}}. */
  public Optional<AnalyticsBucket> analytics(String metric, String period) {
    return read(DocumentType.ANALYTICS.key(metric, period), AnalyticsBucket.class);
  }

  /** {@code post:{postId}}. */
  public Optional<PostCard> post(String postId) {
    return read(DocumentType.POST.key(postId), PostCard.class);
  }

  /** {@code media:{mediaId}}. */
  public Optional<MediaCard> media(String mediaId) {
    return read(DocumentType.MEDIA.key(mediaId), MediaCard.class);
  }

  /** Stops the invalidation listener, the client's loader threads, and closes the store. */
  @Override
  public void close() {
    closed = true;
    hitClock.close();
    bus.close();
    metrics.close();
    if (ownExecutor != null) {
      ownExecutor.shutdownNow();
    }
    if (ownStoreReads != null) {
      ownStoreReads.shutdownNow();
    }
    store.close();
  }

  /**
   * A miss after {@link #close} is the caller's mistake, not a store outage: said as such rather
   * than answered as {@link StoreDownException} (which HTTP turns into 503) after a load timeout.
   * Memory hits are not checked, to keep the hit path free of it.
   */
  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this CacheClient is closed (and its store with it)");
    }
  }

  /** The entry of a completed load; null for none, or one still loading (or failed). */
  private static Entry ready(CompletableFuture<Entry> held) {
    if (held == null) {
      return null;
    }
    try {
      // One read of the future's state on the hit path; failed loads are rare and leave Caffeine.
      return held.getNow(null);
    } catch (CompletionException | java.util.concurrent.CancellationException failed) {
      return null;
    }
  }

  /**
   * The memory answer for {@code hit} at {@code now}, an exact ticker reading: null when the entry
   * is past its deadline (and is then removed), else its read, after starting a refresh ahead if
   * one is due. Counting the hit is the caller's.
   */
  private CacheRead fromMemory(String key, CompletableFuture<Entry> held, Entry hit, long now) {
    if (now >= hit.expireAt) {
      expire(key, held, hit);
      return null;
    }
    if (now >= hit.nextRefreshCheck) {
      refreshAhead(key, hit, now);
    }
    return hit.memoryRead;
  }

  /**
   * Starts a refresh ahead of {@code entry}, due at {@code now}, unless another read already did
   * within the last {@link CacheSettings#MIN_REFRESH_INTERVAL}; does not wait for it. A refresh
   * that is declined (circuit open) or fails keeps the entry, so it is tried again no sooner than
   * that interval later (see {@link StoreLoader#asyncReload}).
   */
  private void refreshAhead(String key, Entry entry, long now) {
    if (entry.claimRefresh(now, Nanos.plus(now, minRefreshNanos))) {
      memory.refresh(key);
    }
  }

  /** Removes {@code entry}, found past its deadline, unless it has been replaced meanwhile. */
  private void expire(String key, CompletableFuture<Entry> held, Entry entry) {
    if (cache.asMap().remove(key, held)) {
      metrics.evicted(entry.type, RemovalCause.EXPIRED);
    }
  }

  /**
   * Once per {@link #SWEEP_INTERVAL} at most, called on misses: removes, on the loader executor,
   * every entry past its deadline, so that expired entries no one reads leave memory too.
   */
  private void maybeSweep(long now) {
    long due = nextSweep.get();
    if (now >= due && nextSweep.compareAndSet(due, Nanos.plus(now, sweepNanos))) {
      try {
        loads.execute(this::sweep);
      } catch (RejectedExecutionException closed) {
        // The client is closing.
      }
    }
  }

  /** Removes every entry past its deadline, now. */
  void sweep() {
    long now = ticker.read();
    for (Map.Entry<String, CompletableFuture<Entry>> held : cache.asMap().entrySet()) {
      Entry entry = ready(held.getValue());
      if (entry != null && now >= entry.expireAt) {
        expire(held.getKey(), held.getValue(), entry);
      }
    }
  }

  private CacheRead load(CacheKey key, long start) {
    checkOpen();
    maybeSweep(start);
    Admission admission = circuit.admit(start);
    if (admission != Admission.PASS) {
      if (admission == Admission.PROBE) {
        startProbe(() -> cache.get(key.value()));
      }
      return fallback(key, start, null);
    }
    if (!waiting.enter()) {
      return shed(key, start);
    }
    try {
      // Completes within the load timeout: StoreLoader bounds every load.
      Entry entry = cache.get(key.value()).join();
      if (entry == null) {
        entry = loadAlone(key);
      }
      return loaded(key, entry, ticker.read() - start);
    } catch (CompletionException e) {
      return fallback(key, start, e.getCause());
    } finally {
      waiting.leave();
    }
  }

  private void loadAll(List<CacheKey> keys, long start, Map<String, CacheRead> reads) {
    checkOpen();
    maybeSweep(start);
    Admission admission = circuit.admit(start);
    Map<String, Entry> loaded = new HashMap<>();
    // Each failed key with its own failure (null when the circuit was open).
    Map<CacheKey, Throwable> failed = new LinkedHashMap<>();
    if (admission == Admission.PASS && waiting.enter()) {
      try {
        // One getAll per chunk of the store's batch size, all started before any is waited on, as
        // one getAll of every key would chunk them: a chunk the store fails then leaves the other
        // chunks' entries in memory, and its failure is told of its own keys.
        List<List<CacheKey>> chunks = Lists.partition(keys, settings.batchSize());
        List<CompletableFuture<Map<String, Entry>>> chunkLoads = chunks.stream()
            .map(chunk -> cache.getAll(chunk.stream().map(CacheKey::value).toList()))
            .toList();
        for (int i = 0; i < chunks.size(); i++) {
          try {
            loaded.putAll(chunkLoads.get(i).join());
          } catch (CompletionException e) {
            if (StoreCircuit.unreadableDocument(e.getCause()).isEmpty()) {
              chunks.get(i).forEach(key -> failed.put(key, e.getCause()));
            } else {
              // One key's document cannot be read, in a load this chunk joined (a single read's,
              // failed whole): each key answered on its own, the others were failed with its error.
              chunks.get(i).forEach(key -> answerAlone(key, loaded, failed));
            }
            continue;
          }
          for (CacheKey key : chunks.get(i)) {
            if (!loaded.containsKey(key.value())) {
              try {
                loaded.put(key.value(), loadAlone(key));
              } catch (CompletionException e) {
                failed.put(key, e.getCause());
              }
            }
          }
        }
      } finally {
        waiting.leave();
      }
    } else {
      // Each shed key counts, under its own type, as a shed single read does.
      Throwable failure = admission == Admission.PASS ? shedFailure(keys) : null;
      keys.forEach(key -> failed.put(key, failure));
      if (admission == Admission.PROBE) {
        startProbe(() -> cache.getAll(keys.stream().map(CacheKey::value).toList()));
      }
    }
    // A batch is answered whole or not at all: when one key has no last value to serve, none of
    // the others was served either, and they count as failed reads, not stale-if-error serves.
    // Each last value is looked up once, so one that expires meanwhile cannot split the batch.
    Map<CacheKey, Entry> last = new LinkedHashMap<>();
    for (Map.Entry<CacheKey, Throwable> failure : failed.entrySet()) {
      CacheKey key = failure.getKey();
      Entry entry = servableLast(key);
      if (entry == null) {
        long now = ticker.read();
        keys.stream().filter(other -> other != key)
            .forEach(other -> metrics.readFailed(other.type(), now - start));
        throw noFallback(key, now, start, failure.getValue());
      }
      last.put(key, entry);
    }
    long nanos = ticker.read() - start;
    for (CacheKey key : keys) {
      Entry entry = last.get(key);
      // StoreLoader makes an entry for every key it is given, present in the store or not, but
      // one whose document it cannot read, which loadAlone has read or failed.
      reads.put(key.value(), entry != null ? staleIfError(key, entry, start)
          : loaded(key, loaded.get(key.value()), nanos));
    }
  }

  /**
   * The entry of a key that a batched load left out, as StoreLoader leaves out a key whose
   * document it cannot read (so that the batch's other keys, and concurrent reads of them, are not
   * failed by it): read on its own, outside memory, to fail with that key's own error. A read of
   * the key that shared the batch's load finds no entry either, and comes here too.
   */
  private Entry loadAlone(CacheKey key) {
    return storeLoader.asyncLoad(key.value(), loads).join();
  }

  /** {@code key}'s entry into {@code loaded}, from memory or a load of its own, or its failure. */
  private void answerAlone(CacheKey key, Map<String, Entry> loaded, Map<CacheKey, Throwable> failed) {
    try {
      loaded.put(key.value(), cache.get(key.value()).join());
    } catch (CompletionException e) {
      failed.put(key, e.getCause());
    }
  }

  /**
   * Starts the load that probes an open circuit and does not wait for it: the caller answers at
   * once, like every other read while the store is known to be down. The load's success closes
   * the circuit and leaves its entries in memory; its failure reopens it (StoreLoader).
   */
  private void startProbe(java.util.function.Supplier<CompletableFuture<?>> load) {
    try {
      load.get();
    } catch (RuntimeException e) {
      // A failure to even start is the probe's answer; StoreCircuit has counted it.
    }
  }

  /** A miss refused because {@link WaitingReads} is full: stale if it can be, else failed. */
  private CacheRead shed(CacheKey key, long start) {
    return fallback(key, start, shedFailure(key));
  }

  private StoreUnavailableException shedFailure(CacheKey key) {
    return shedFailure(List.of(key));
  }

  private StoreUnavailableException shedFailure(List<CacheKey> keys) {
    keys.forEach(key -> metrics.loadShed(key.type()));
    // Callers that share one single-flight load each count: the limit guards their threads, so
    // a hot key missed by many callers at once may be shed while the store has one read out.
    return new StoreUnavailableException(waiting.limit() + " callers are already waiting on reads"
        + " of " + store.describe() + " (maxWaitingReads), some perhaps on one shared read; this"
        + " one is shed rather than queued", null);
  }

  /**
   * The answer to the read that loaded {@code entry}, as it stands now ({@link
   * StoreLoader#answerAt}), counted, and the entry kept for stale-if-error.
   */
  private CacheRead loaded(CacheKey key, Entry entry, long nanos) {
    remember(key.value(), entry, entry);
    CacheRead read = storeLoader.answerAt(key, entry, ticker.read());
    metrics.read(key.type(), read, StaleReason.EXPIRED, nanos);
    return read;
  }

  /**
   * Stale-if-error: the last value of a key the store could not give, while within the maximum
   * staleness; else {@link StoreDownException}. {@code failure} is null when the circuit was open.
   */
  private CacheRead fallback(CacheKey key, long start, Throwable failure) {
    Entry last = servableLast(key);
    if (last != null) {
      return staleIfError(key, last, start);
    }
    throw noFallback(key, ticker.read(), start, failure);
  }

  /**
   * The last value of {@code key} that may stand in for the store's answer, or null. Under
   * {@link ExpiredPolicy#MISS} a document past its own {@code expiresAt} is never served, the
   * store down or not: the embedder chose MISS for values that must not be used late (a token
   * balance), and an outage is no reason to use them.
   */
  private Entry servableLast(CacheKey key) {
    Entry last = lastKnown.getIfPresent(key.value());
    if (last == null || last.document == null
        || settings.expiredPolicy(key.type()) != ExpiredPolicy.MISS
        || last.document.isFreshAt(clock.instant())) {
      return last;
    }
    return null;
  }

  /** {@code last}, the last value of {@code key}, served and counted as stale-if-error. */
  private CacheRead staleIfError(CacheKey key, Entry last, long start) {
    long now = ticker.read();
    CacheRead read = new CacheRead(last.document, Layer.MEMORY,
        last.document != null && now >= last.freshUntil, true);
    metrics.staleIfError(key.type(), read, now - start);
    return read;
  }

  /** The failure of a read with no value to serve instead, counted, for the caller to throw. */
  private RuntimeException noFallback(CacheKey key, long now, long start, Throwable failure) {
    metrics.readFailed(key.type(), now - start);
    if (failure != null) {
      Optional<UnreadableDocumentException> unreadable = StoreCircuit.unreadableDocument(failure);
      if (unreadable.isPresent()) {
        return unreadable.get();
      }
    }
    String window = expiredUnderMiss(key)
        ? " and the last value of '" + key + "' is past its expiresAt, which the type's policy"
            + " (MISS) never serves"
        : " and no value of '" + key + "' is within the " + settings.maxStaleness()
            + " stale-if-error window";
    if (failure == null) {
      return circuitOpen(key, now, window);
    }
    StoreUnavailableException cause = failure instanceof StoreUnavailableException unavailable
        ? unavailable
        : new StoreUnavailableException(store.describe() + " failed: " + failure, failure);
    return readFailed(key, cause, window);
  }

  private boolean expiredUnderMiss(CacheKey key) {
    Entry last = lastKnown.getIfPresent(key.value());
    return last != null && servableLast(key) == null;
  }

  /** A read refused while the circuit is open; {@code window} adds why no stale value served. */
  private StoreDownException circuitOpen(CacheKey key, long now, String window) {
    return new StoreDownException(key.value(), "store " + store.describe() + " is down ("
        + circuit.consecutiveFailures() + " consecutive failures; not asked again for "
        + TimeUnit.NANOSECONDS.toMillis(circuit.nanosUntilProbe(now)) + " ms)" + window,
        circuit.lastFailure(store.describe()));
  }

  /** A read the store failed; {@code window} adds why no stale value served. */
  private StoreDownException readFailed(CacheKey key, StoreUnavailableException cause, String window) {
    return new StoreDownException(key.value(), "reading '" + key + "' from " + store.describe()
        + " failed (" + cause.getMessage() + ")" + window, cause);
  }

  /**
   * {@code key}'s read while the cache is bypassed, waiting for its origin's {@code call}
   * ({@link #startBypassCall}) until {@code deadline}, or, where the origin is the store, read in
   * {@code fromStore}.
   */
  private CacheRead bypass(CacheKey key, long deadline, OriginCallsInFlight.Call call,
      StoreBatch fromStore) {
    long start = ticker.read();
    OriginLoader loader = settings.originLoader(key.type());
    CacheRead read;
    if (loader == null) {
      read = CacheRead.missing(Layer.NONE);
    } else {
      try {
        metrics.originCall(key, loader);
        OriginLoader origin = loader instanceof StoreOrigin ? fromStore::read
            : ignored -> awaitBypassCall(call, deadline);
        read = OriginCalls.load(origin, key, clock.instant(), settings.memoryTtls().get(key.type()))
            .map(document -> bypassRead(key, document))
            .orElse(CacheRead.missing(Layer.ORIGIN));
      } catch (OriginLoadException e) {
        metrics.loadFailed(key.type(), Layer.ORIGIN);
        // A failed read as without the bypass: the error rate and the hit-rate alerts count it.
        metrics.readFailed(key.type(), ticker.read() - start);
        // The store as origin (serve's) found a stored document it cannot read: the same failure
        // of that key as without the bypass, not a failing origin.
        StoreCircuit.unreadableDocument(e).ifPresent(unreadable -> {
          throw unreadable;
        });
        if (e.getCause() instanceof StoreDownException down) {
          throw down;
        }
        if (e.getCause() instanceof StoreUnavailableException unavailable) {
          throw readFailed(key, unavailable, "");
        }
        throw e;
      }
    }
    metrics.read(key.type(), read, StaleReason.EXPIRED, ticker.read() - start);
    return read;
  }

  /**
   * Starts the bypass's call of {@code key}'s origin on the loader threads, unless one is in
   * flight, as {@link OriginLoader} promises: at most one call at a time per key. The store as
   * origin ({@code serve}'s) is read through the circuit instead ({@link #boundedStoreRead}).
   */
  private OriginCallsInFlight.Call startBypassCall(CacheKey key) {
    OriginLoader loader = settings.originLoader(key.type());
    if (loader == null || loader instanceof StoreOrigin) {
      return null;
    }
    OriginCallsInFlight.Call call = originCalls.newCall(key);
    OriginCallsInFlight.Call running = originCalls.runningOr(call);
    if (running != call) {
      return running;
    }
    try {
      loads.execute(() -> {
        if (!call.claim()) {
          return; // withdrawn: every reader gave up before a loader thread was free
        }
        try {
          call.run(loader, key);
        } catch (Throwable answeredToTheReaders) {
          // run() has given the failure to every reader of the call
        }
      });
    } catch (RejectedExecutionException refused) { // the client's own pool, shut down
      call.claim();
      call.withdraw(refused);
    }
    return call;
  }

  /**
   * What an origin's {@code call} answers the bypass, waited for until {@code deadline} at most: on
   * the request thread and unbounded, a hung origin held the thread of every bypassed read for as
   * long as it hung. A call that has started runs on after the deadline, and reads of the key
   * join it; one that no loader thread has taken up by then (all busy, or the executor dropped it)
   * is withdrawn, so that it never runs for nobody and the next read starts afresh.
   *
   * @throws Exception the origin's own failure, or a TimeoutException past the deadline
   */
  private Optional<?> awaitBypassCall(OriginCallsInFlight.Call call, long deadline)
      throws Exception {
    try {
      return call.answer().get(Math.max(0, deadline - ticker.read()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException late) {
      if (call.claim()) {
        TimeoutException queued = new TimeoutException("no loader thread was free within the "
            + settings.loadTimeout() + " load timeout");
        call.withdraw(queued);
        throw queued;
      }
      throw new TimeoutException("no answer within the " + settings.loadTimeout()
          + " load timeout");
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw interrupted;
    } catch (java.util.concurrent.ExecutionException failed) {
      throw failed.getCause() instanceof Exception cause ? cause : failed;
    }
  }

  /**
   * The bypass's reads of the store as origin for one caller's keys: one call for all of them,
   * made when the first of them is read, bounded as every other store read is: it fails fast
   * while the circuit is open, is shed when the waiting limit is reached, and waits at most the
   * load timeout. Unbounded, a rollback to the store while it was slow held a request thread for
   * as long as the store's client library waited (30 s on Firestore), on every read; one call per
   * key, a batch of N keys took N calls one after the other.
   */
  private final class StoreBatch {
    private final List<CacheKey> keys;
    private Map<String, CacheDocument> found;

    StoreBatch(List<CacheKey> keys) {
      this.keys = keys;
    }

    Optional<CacheDocument> read(CacheKey key) throws InterruptedException {
      if (found == null) {
        found = readAll();
      }
      return Optional.ofNullable(found.get(key.value()));
    }

    private Map<String, CacheDocument> readAll() throws InterruptedException {
      CacheKey first = keys.get(0);
      long now = ticker.read();
      if (circuit.admit(now) == Admission.REJECT) {
        throw circuitOpen(first, now, "");
      }
      if (!waiting.enter()) {
        throw shedFailure(first);
      }
      try {
        return storeLoader.readAll(keys.stream().map(CacheKey::value).toList(), storeCallbacks)
            .get();
      } catch (java.util.concurrent.ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof StoreUnavailableException unavailable) {
          throw unavailable;
        }
        throw StoreCircuit.unreadableDocument(cause).<RuntimeException>map(unreadable -> unreadable)
            .orElseGet(() -> new StoreUnavailableException(store.describe() + " failed: " + cause,
                cause));
      } finally {
        waiting.leave();
      }
    }
  }

  /**
   * The bypass changes where a read comes from, not which documents may be served: an origin that
   * is itself a store read ({@code serve}'s) returns expired documents, and those follow the
   * type's policy as they would from the store, stale within the maximum staleness or missing.
   * The origin cannot be asked again for them, so {@link ExpiredPolicy#ORIGIN} serves them stale.
   */
  private CacheRead bypassRead(CacheKey key, CacheDocument document) {
    if (!PayloadVersions.readable(key, document)) {
      metrics.unreadableVersion(key.type());
      return CacheRead.missing(Layer.ORIGIN);
    }
    Instant now = clock.instant();
    if (document.isFreshAt(now)) {
      return new CacheRead(document, Layer.ORIGIN, false);
    }
    boolean servable = settings.expiredPolicy(key.type()) != ExpiredPolicy.MISS
        && now.isBefore(document.expiresAt().plus(settings.maxStaleness()));
    return servable ? new CacheRead(document, Layer.ORIGIN, true) : CacheRead.missing(Layer.ORIGIN);
  }

  /**
   * Keeps {@code entry} for stale-if-error, provided the memory tier still holds {@code current}
   * for the key: a key invalidated while it loaded must not come back through this side door.
   */
  private void remember(String key, Entry current, Entry entry) {
    CompletableFuture<Entry> held = cache.asMap().get(key);
    if (held != null && held.isDone() && !held.isCompletedExceptionally() && held.join() == current) {
      lastKnown.put(key, entry);
      // An invalidation between the check and the put (it drops memory, then the last known
      // values) would otherwise find nothing to drop and leave the old value here: look again.
      if (cache.asMap().get(key) != held) {
        lastKnown.asMap().remove(key, entry);
      }
    }
  }

  private void applyRemoteInvalidation(String keyOrPrefix) {
    try {
      drop(InvalidationPrefixes.check(keyOrPrefix));
      metrics.invalidated(true);
    } catch (IllegalArgumentException e) {
      LOG.log(Level.WARNING, "ignored an invalidation from another instance: " + e.getMessage());
    }
  }

  /**
   * Drops the memory tier and the last known values once the bypass has been turned on or off
   * since the last cached read ({@link FeatureFlags#bypassChanges}, read by the caller).
   */
  private void forgetWhatWasCachedBeforeABypass(long changes) {
    if (changes <= bypassChangesCleared) {
      return;
    }
    // Marked cleared only once it is: a reader that saw the new count marked while another was
    // still clearing skipped the clear and could be served what was cached before the bypass.
    // Readers that come meanwhile wait here; the count only grows, so a reader holding an older
    // count neither clears again nor moves the mark back.
    synchronized (bypassClearing) {
      if (changes > bypassChangesCleared) {
        memory.invalidateAll();
        lastKnown.invalidateAll();
        bypassChangesCleared = changes;
      }
    }
  }

  private void drop(String keyOrPrefix) {
    if (InvalidationPrefixes.coversOneKey(keyOrPrefix)) {
      memory.invalidate(keyOrPrefix);
      lastKnown.invalidate(keyOrPrefix);
      return;
    }
    cache.asMap().keySet().removeIf(key -> CacheKey.isUnderPrefix(key, keyOrPrefix));
    lastKnown.asMap().keySet().removeIf(key -> CacheKey.isUnderPrefix(key, keyOrPrefix));
  }

  private void registerGauges() {
    metrics.gauge("avalo.cache.memory.entries", "Entries in the memory tier", null, memory,
        LoadingCache::estimatedSize);
    metrics.gauge("avalo.cache.memory.weight", "Weight of the memory tier", "bytes", memory,
        m -> m.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L));
    // Known down, not only within a backoff: between two probes the gauge would flap to 0.
    metrics.gauge("avalo.cache.store.circuit.open", "1 while reads fail fast because the store is down",
        null, circuit, c -> c.knownDown() ? 1 : 0);
    metrics.gauge("avalo.cache.hit.clock.lag", "How far the coarse clock memory hits read is behind"
        + " the ticker", "seconds", hitClock, c -> c.lagNanos() / 1e9);
    metrics.functionCounter("avalo.cache.hit.clock.stalls", "Times the coarse clock of memory hits"
        + " was found behind the ticker by more than its tolerance", hitClock, HitClock::stalls);
    metrics.gauge("avalo.cache.store.waiting", "Callers waiting on store reads now", null, waiting,
        WaitingReads::waiting);
    metrics.gauge("avalo.cache.bypass", "1 while reads bypass the cache for the origin", null, flags,
        f -> f.bypassCache() ? 1 : 0);
  }

}
