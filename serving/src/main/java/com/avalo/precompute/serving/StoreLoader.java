package com.avalo.precompute.serving;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.CacheKey;
import com.avalo.precompute.serving.CacheRead.Layer;
import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.StoreUnavailableException;
import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.Ticker;
import com.google.common.collect.Lists;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Loads memory entries from the store, for Caffeine: one store read per key, or one batched
 * {@link CacheStore#getAll} per chunk of {@code batchSize} keys (chunks in parallel), through the
 * store's asynchronous reads. Applies the {@link ExpiredPolicy} of each type to expired documents, calling
 * the origin where the policy says so. Caffeine coalesces concurrent loads of one key into one
 * call here (single flight) and refreshes, when the client asks, through {@link #asyncReload}.
 *
 * <p>A document that is not a cache document fails its own key only. A batched read it is part of
 * fails whole, so its keys are then read one by one, and the key whose document cannot be read is
 * left out of the loaded map: Caffeine shares a batch's load with every concurrent read of its
 * keys, and a failed batch failed them all, naming a key none of them asked for. The client reads
 * a key left out on its own ({@link #asyncLoad}), which fails with that key's error.
 */
final class StoreLoader implements AsyncCacheLoader<String, Entry> {
  private static final System.Logger LOG = System.getLogger(StoreLoader.class.getName());

  private final CacheStore store;
  private final StoreCircuit circuit;
  private final Entries entries;
  private final CacheSettings settings;
  private final CacheMetrics metrics;
  private final Ticker ticker;
  private final Clock clock;
  private final Reloaded onReloaded;
  private final long timeoutNanos;
  private final Executor storeCallbacks;
  /** Origin calls running now, by a load, one that timed out waiting for it, or the bypass. */
  private final OriginCallsInFlight originCalls;

  /** Told of every successful refresh: the entry it replaces and the new one. */
  @FunctionalInterface
  interface Reloaded {
    void reloaded(String key, Entry previous, Entry reloaded);
  }

  StoreLoader(CacheStore store, StoreCircuit circuit, Entries entries, CacheSettings settings,
      CacheMetrics metrics, Ticker ticker, Clock clock, Reloaded onReloaded,
      Executor storeCallbacks, OriginCallsInFlight originCalls) {
    this.store = store;
    this.circuit = circuit;
    this.entries = entries;
    this.settings = settings;
    this.metrics = metrics;
    this.ticker = ticker;
    this.clock = clock;
    this.onReloaded = onReloaded;
    this.timeoutNanos = Nanos.of(settings.loadTimeout());
    this.storeCallbacks = storeCallbacks;
    this.originCalls = originCalls;
  }

  /** One key's entry; fails with the key's own error when its document cannot be read. */
  @Override
  public CompletableFuture<Entry> asyncLoad(String key, Executor executor) {
    return load(List.of(key), executor).thenApply(loaded -> loaded.get(key));
  }

  @Override
  public CompletableFuture<Map<String, Entry>> asyncLoadAll(Set<? extends String> keys, Executor executor) {
    List<CompletableFuture<Map<String, Entry>>> chunks = new ArrayList<>();
    for (List<String> chunk : Lists.partition(List.<String>copyOf(keys), settings.batchSize())) {
      chunks.add(load(chunk, executor));
    }
    return CompletableFuture.allOf(chunks.toArray(CompletableFuture[]::new)).thenApply(done -> {
      Map<String, Entry> loaded = new HashMap<>();
      chunks.forEach(chunk -> loaded.putAll(chunk.join()));
      return loaded;
    });
  }

  /**
   * Refresh ahead. The client asks for a reload (Caffeine's {@code refresh}, one at a time per key)
   * from a read of an entry past its {@link Entry#refreshAt}, and lets no other read of that entry
   * ask again for {@link CacheSettings#MIN_REFRESH_INTERVAL} ({@link Entry#claimRefresh}). An
   * entry before its own {@code refreshAt}, or any entry while the store's circuit is open (but
   * for the one read that probes it), is handed back as it is, and so is the old entry should the
   * reload fail: a hot key does not send every read to a failing store.
   */
  @Override
  public CompletableFuture<Entry> asyncReload(String key, Entry oldEntry, Executor executor) {
    long now = ticker.read();
    // Through admit(), as a miss: once the backoff has passed, a store known to be down gets one
    // probe, not a read from every hot key whose refresh is due.
    if (now < oldEntry.refreshAt || circuit.admit(now) == StoreCircuit.Admission.REJECT) {
      return CompletableFuture.completedFuture(oldEntry);
    }
    metrics.refreshStarted(oldEntry.type);
    return asyncLoad(key, executor).handle((reloaded, failure) -> {
      if (failure != null) {
        return oldEntry;
      }
      onReloaded.reloaded(key, oldEntry, reloaded);
      return reloaded;
    });
  }

  private StoreUnavailableException notAnsweredInTime(TimeoutException timeout) {
    return new StoreUnavailableException(store.describe() + " did not answer within "
        + settings.loadTimeout(), timeout);
  }

  /**
   * Reads {@code keys} (one chunk) from the store and makes an entry for every one of them. A
   * store with a non-blocking client holds no thread while its read is in flight
   * ({@link CacheStore#nonBlockingReads}): its answer is parsed and made into entries on the
   * thread that delivers it, sparing each miss a hand-off to the loader pool and the wait for
   * one of its threads. A blocking store's read runs on {@code storeCallbacks}: the client's store
   * pool, so never behind origin calls, or the executor the caller gave, which they share. Should
   * an expired document send a key to its origin, the chunk's entries are made on
   * {@code executor} either way, as {@link OriginLoader} promises: an origin call blocks for as
   * long as it takes, and on the store's thread it held every other key's answer that long.
   */
  private CompletableFuture<Map<String, Entry>> load(List<String> keys, Executor executor) {
    long start = ticker.read();
    List<CacheKey> parsed = keys.stream().map(CacheKey::parse).toList();
    // The store read is bounded by the load timeout (StoreCircuit#call); the origin calls get what
    // is left of it.
    return readStore(parsed, storeCallbacks).thenCompose(read -> {
      List<CacheKey> readable = read.unreadable().isEmpty() ? parsed : parsed.stream()
          .filter(key -> !read.unreadable().contains(key.value())).toList();
      Map<String, CacheDocument> found = read.found();
      long nowNanos = ticker.read();
      Instant now = clock.instant();
      if (!needsOrigin(readable, found, now)) {
        return CompletableFuture.completedFuture(entries(readable, found, nowNanos, now, true));
      }
      long left = Math.max(0, timeoutNanos - (nowNanos - start));
      return CompletableFuture.supplyAsync(() -> entries(readable, found, nowNanos, now, true), executor)
          .orTimeout(left, TimeUnit.NANOSECONDS)
          .exceptionally(failure -> originTooSlow(readable, found, failure));
    });
  }

  /** A chunk's store read: the documents found, and the keys whose documents could not be read. */
  private record StoreRead(Map<String, CacheDocument> found, Set<String> unreadable) {}

  /**
   * The entries of a chunk whose origin calls did not end within the load timeout: an expired
   * document is served stale, as when its origin fails ({@link ExpiredPolicy#ORIGIN}); the store
   * answered, so this is no store failure. The origin calls run on, and their answers are dropped.
   */
  private Map<String, Entry> originTooSlow(List<CacheKey> keys, Map<String, CacheDocument> found,
      Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    if (!(cause instanceof TimeoutException)) {
      throw failure instanceof CompletionException completion ? completion : new CompletionException(cause);
    }
    long nowNanos = ticker.read();
    Instant now = clock.instant();
    for (CacheKey key : keys) {
      CacheDocument document = found.get(key.value());
      if (needsOrigin(List.of(key), found, now)) {
        metrics.loadFailed(key.type(), Layer.ORIGIN);
        LOG.log(Level.WARNING, "serving " + key + " stale: its origin did not answer within the "
            + settings.loadTimeout() + " load timeout (document expired at "
            + document.expiresAt() + ")");
      }
    }
    return entries(keys, found, nowNanos, now, false);
  }

  /** The entries of {@code keys}; without {@code callOrigin}, expired ORIGIN documents are stale. */
  private Map<String, Entry> entries(List<CacheKey> keys, Map<String, CacheDocument> found,
      long nowNanos, Instant now, boolean callOrigin) {
    Map<String, Entry> loaded = new HashMap<>();
    for (CacheKey key : keys) {
      loaded.put(key.value(), entry(key, found.get(key.value()), nowNanos, now, callOrigin));
    }
    return loaded;
  }

  /** Whether making the entries of {@code keys} at {@code now} calls an origin. */
  private boolean needsOrigin(List<CacheKey> keys, Map<String, CacheDocument> found, Instant now) {
    for (CacheKey key : keys) {
      CacheDocument document = found.get(key.value());
      // As entry() decides: a document of another schemaVersion is a miss, not an origin call.
      if (document != null && PayloadVersions.readable(key, document) && !document.isFreshAt(now)
          && settings.expiredPolicy(key.type()) == ExpiredPolicy.ORIGIN) {
        return true;
      }
    }
    return false;
  }

  /**
   * One key's store read through the circuit, failed once the load timeout has passed: also the
   * cache bypass's, which counts its store reads itself.
   */
  private CompletableFuture<Optional<CacheDocument>> readOne(String key, Executor executor) {
    return circuit.call(() -> store.getAsync(key, executor), timeoutNanos, this::notAnsweredInTime);
  }

  /**
   * Several keys' store read in one call through the circuit, failed once the load timeout has
   * passed: the cache bypass's batches, which count their store reads themselves.
   */
  CompletableFuture<Map<String, CacheDocument>> readAll(List<String> keys, Executor executor) {
    if (keys.size() == 1) {
      String key = keys.get(0);
      return readOne(key, executor)
          .thenApply(document -> document.isPresent() ? Map.of(key, document.get()) : Map.of());
    }
    return circuit.call(() -> store.getAllAsync(keys, executor), timeoutNanos,
        this::notAnsweredInTime);
  }

  /**
   * Reads a chunk. Should one of several keys hold a document that cannot be read, reads each key
   * alone, so that only that key is left out (its store read failing it alone, later); a single
   * key's read fails with its error.
   */
  private CompletableFuture<StoreRead> readStore(List<CacheKey> keys, Executor executor) {
    metrics.storeRead(keys);
    CompletableFuture<StoreRead> read = readAll(keys.stream().map(CacheKey::value).toList(), executor)
        .thenApply(found -> new StoreRead(found, Set.of()));
    if (keys.size() > 1) {
      read = read.exceptionallyCompose(failure -> StoreCircuit.unreadableDocument(failure).isPresent()
          ? readEachAlone(keys, executor) : CompletableFuture.failedFuture(failure));
    }
    return read.whenComplete((found, failure) -> {
      if (failure != null) {
        keys.forEach(key -> metrics.loadFailed(key.type(), Layer.STORE));
      }
    });
  }

  private CompletableFuture<StoreRead> readEachAlone(List<CacheKey> keys, Executor executor) {
    metrics.storeRead(keys);
    Map<String, CompletableFuture<Optional<CacheDocument>>> reads = new HashMap<>();
    keys.forEach(key -> reads.put(key.value(), readOne(key.value(), executor)
        .exceptionallyCompose(failure -> StoreCircuit.unreadableDocument(failure).isPresent()
            ? CompletableFuture.completedFuture(null) : CompletableFuture.failedFuture(failure))));
    return CompletableFuture.allOf(reads.values().toArray(CompletableFuture[]::new)).thenApply(done -> {
      Map<String, CacheDocument> found = new HashMap<>();
      Set<String> unreadable = new HashSet<>();
      reads.forEach((key, document) -> {
        Optional<CacheDocument> answer = document.join();
        if (answer == null) {
          unreadable.add(key);
        } else {
          answer.ifPresent(present -> found.put(key, present));
        }
      });
      return new StoreRead(found, unreadable);
    });
  }

  /**
   * What a read of {@code key} answers with {@code entry} when the answer leaves at
   * {@code nowNanos} rather than when the entry was made. A batch answers once every chunk has, and
   * a chunk's entries are made after its origin calls, so a document still fresh when the store
   * gave it may have expired before its reader is answered; its type's expired policy then
   * decides, as for a document the store gave expired, but without an origin call. The entry in
   * memory stays as it is: its own deadlines already end it when the document expires. The clock
   * is read only past the entry's fresh deadline.
   */
  CacheRead answerAt(CacheKey key, Entry entry, long nowNanos) {
    CacheRead read = entry.loadedRead;
    if (nowNanos < entry.freshUntil || read.layer() != Layer.STORE || read.document() == null
        || read.stale()) {
      return read;
    }
    Instant now = clock.instant();
    return read.document().isFreshAt(now) ? read
        : entry(key, read.document(), nowNanos, now, false).loadedRead;
  }

  private Entry entry(CacheKey key, CacheDocument document, long nowNanos, Instant now,
      boolean callOrigin) {
    if (document == null) {
      return entries.absent(key, Layer.STORE, nowNanos);
    }
    if (!PayloadVersions.readable(key, document)) {
      metrics.unreadableVersion(key.type());
      return entries.absent(key, Layer.STORE, nowNanos);
    }
    if (document.isFreshAt(now)) {
      return entries.document(key, document, Layer.STORE, nowNanos, now);
    }
    return switch (settings.expiredPolicy(key.type())) {
      case MISS -> entries.absent(key, Layer.STORE, nowNanos);
      case SERVE_STALE -> staleOrAbsent(key, document, nowNanos, now);
      case ORIGIN -> callOrigin ? fromOrigin(key, document) : staleOrAbsent(key, document, nowNanos, now);
    };
  }

  private Entry staleOrAbsent(CacheKey key, CacheDocument expired, long nowNanos, Instant now) {
    Entry stale = entries.document(key, expired, Layer.STORE, nowNanos, now);
    return stale != null ? stale : entries.absent(key, Layer.STORE, nowNanos);
  }

  /** The origin's value for an expired key; the expired document, served stale, if it fails. */
  private Entry fromOrigin(CacheKey key, CacheDocument expired) {
    OriginLoader loader = settings.originLoader(key.type());
    OriginCallsInFlight.Call call = originCalls.newCall(key);
    if (originCalls.runningOr(call) != call) {
      // A call of this key's origin still runs (it outlasted an earlier load's timeout, or a read
      // while the cache is bypassed made it): serve the expired document stale rather than start
      // another beside it (OriginLoader promises one call at a time per key, and a hung origin
      // would take a loader thread per load).
      return staleOrAbsent(key, expired, ticker.read(), clock.instant());
    }
    call.claim();
    try {
      metrics.originCall(key, loader);
      Optional<CacheDocument> document = OriginCalls.load(asked -> call.run(loader, asked), key,
          clock.instant(), settings.memoryTtls().get(key.type()));
      // The origin is slow by definition: measure the entry's lifetime from when it answered.
      long nowNanos = ticker.read();
      Instant now = clock.instant();
      if (document.isEmpty()) {
        return entries.absent(key, Layer.ORIGIN, nowNanos);
      }
      if (!PayloadVersions.readable(key, document.get())) {
        metrics.unreadableVersion(key.type());
        return entries.absent(key, Layer.ORIGIN, nowNanos);
      }
      Entry entry = entries.document(key, document.get(), Layer.ORIGIN, nowNanos, now);
      return entry != null ? entry : entries.absent(key, Layer.ORIGIN, nowNanos);
    } catch (OriginLoadException e) {
      metrics.loadFailed(key.type(), Layer.ORIGIN);
      LOG.log(Level.WARNING, "serving " + key + " stale: " + e.getMessage());
      return staleOrAbsent(key, expired, ticker.read(), clock.instant());
    }
  }
}
