package com.avalo.precompute.serving;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.CacheKey;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.serving.CacheMetrics.Result;
import com.avalo.precompute.serving.CacheRead.Layer;
import java.time.Duration;
import java.time.Instant;

/**
 * Makes memory entries: the expiry arithmetic of the memory tier lives here. A fresh document
 * stays in memory for the shorter of its type's memory TTL and the time left until its own
 * {@code expiresAt}; an expired one served stale, or a remembered absence, for the negative TTL
 * (a stale one never past {@code expiresAt + maxStaleness}). Every entry is due for a refresh
 * ahead from {@code refreshAheadFraction} of its memory lifetime, but not sooner than
 * {@link CacheSettings#MIN_REFRESH_INTERVAL} after its load; one whose due point would fall at or
 * after its expiry is never refreshed ahead.
 */
final class Entries {
  /** What an absent entry weighs beside its key: the entry, its two reads, the map node. */
  private static final int ENTRY_OVERHEAD_BYTES = 160;

  private final CacheSettings settings;
  private final CacheMetrics metrics;
  private final long negativeTtl;
  private final long maxStaleness;
  private final long minRefresh;

  Entries(CacheSettings settings, CacheMetrics metrics) {
    this.settings = settings;
    this.metrics = metrics;
    this.negativeTtl = Nanos.of(settings.negativeTtl());
    this.maxStaleness = Nanos.of(settings.maxStaleness());
    this.minRefresh = Nanos.of(CacheSettings.MIN_REFRESH_INTERVAL);
  }

  /**
   * How long a document may stay in memory as fresh when loaded at {@code now}: the shorter of
   * {@code memoryTtlNanos} and the time left until {@code expiresAt}; zero or less when the document
   * is not fresh at {@code now} (expiring exactly at {@code now} counts as not fresh, as in
   * {@link CacheDocument#isFreshAt}).
   */
  static long freshLifetimeNanos(long memoryTtlNanos, Instant expiresAt, Instant now) {
    return Math.min(memoryTtlNanos, Nanos.of(Duration.between(now, expiresAt)));
  }

  /**
   * The entry for a document loaded at {@code nowNanos} on the ticker, {@code now} on the clock:
   * fresh when before its {@code expiresAt}, else stale; null when it is stale by more than the
   * maximum staleness and so may not be served at all.
   */
  Entry document(CacheKey key, CacheDocument document, Layer source, long nowNanos, Instant now) {
    DocumentType type = key.type();
    int weight = weigh(key, document);
    long untilExpiry = Nanos.of(Duration.between(now, document.expiresAt()));
    if (untilExpiry > 0) {
      long life = Math.min(settings.memoryTtlNanos(type), untilExpiry);
      long expireAt = Nanos.plus(nowNanos, life);
      return new Entry(type, document, source, false, expireAt, expireAt,
          refreshAt(nowNanos, expireAt), weight, metrics.memoryHit(type, Result.HIT));
    }
    long freshUntil = Nanos.plus(nowNanos, untilExpiry);
    long staleUntil = Nanos.plus(freshUntil, maxStaleness);
    if (staleUntil <= nowNanos) {
      return null;
    }
    long expireAt = Math.min(Nanos.plus(nowNanos, negativeTtl(type)), staleUntil);
    return new Entry(type, document, source, true, freshUntil, expireAt,
        refreshAt(nowNanos, expireAt), weight, metrics.memoryHit(type, Result.STALE));
  }

  /** The remembered absence of a document, kept for the negative TTL. */
  Entry absent(CacheKey key, Layer source, long nowNanos) {
    long expireAt = Nanos.plus(nowNanos, negativeTtl(key.type()));
    return new Entry(key.type(), null, source, false, expireAt, expireAt,
        refreshAt(nowNanos, expireAt), weigh(key, null), metrics.memoryHit(key.type(), Result.MISS));
  }

  /**
   * How long an absence or a stale document stays in memory: the negative TTL, or less when the
   * type's memory TTL is shorter, so that a type kept out of memory (TTL zero) keeps no absences.
   */
  private long negativeTtl(DocumentType type) {
    return Math.min(negativeTtl, settings.memoryTtlNanos(type));
  }

  /** Ticker instant until which {@code entry} may still be served when the store fails. */
  long staleIfErrorUntil(Entry entry) {
    return Nanos.plus(entry.freshUntil, maxStaleness);
  }

  private long refreshAt(long nowNanos, long expireAt) {
    long life = expireAt - nowNanos;
    long at = Nanos.plus(nowNanos, Math.max(minRefresh, (long) (life * settings.refreshAheadFraction())));
    return at < expireAt ? at : Entry.NEVER;
  }

  private static int weigh(CacheKey key, CacheDocument document) {
    long bytes = ENTRY_OVERHEAD_BYTES + 2L * key.value().length()
        + (document == null ? 0 : document.jsonSizeBytes());
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }
}
