package com.avalo.precompute.serving;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.serving.CacheRead.Layer;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * What the memory tier holds for one key: a document, or the remembered absence of one, with the
 * ticker instants that govern it, all fixed when it was loaded. Expiry and refresh read these
 * deadlines rather than recomputing from "now", so that replacing an entry by itself never extends
 * its life. The one thing that changes is {@link #nextRefreshCheck}: which read starts the refresh
 * ahead, and when another may try again.
 */
final class Entry {
  /** A deadline that never comes. */
  static final long NEVER = Long.MAX_VALUE;

  private static final AtomicLongFieldUpdater<Entry> NEXT_REFRESH_CHECK =
      AtomicLongFieldUpdater.newUpdater(Entry.class, "nextRefreshCheck");

  final DocumentType type;
  /** Null when the key has no document. */
  final CacheDocument document;
  /** Where the entry was loaded from: {@link Layer#STORE} or {@link Layer#ORIGIN}. */
  final Layer source;
  /** Whether the document was already past its {@code expiresAt} when loaded. */
  final boolean stale;
  /** Ticker instant at which the value stops being fresh (stale-if-error counts from here). */
  final long freshUntil;
  /** Ticker instant at which the memory tier drops the entry. */
  final long expireAt;
  /** Ticker instant from which a read refreshes the entry in the background, or {@link #NEVER}. */
  final long refreshAt;
  /** Bytes the entry counts for against the memory tier's maximum weight. */
  final int weight;
  /** The answer to the read that loaded the entry. */
  final CacheRead loadedRead;
  /** The answer to later reads served from memory: no allocation on the hit path. */
  final CacheRead memoryRead;
  final CacheMetrics.HitMeter memoryMeter;
  /**
   * Ticker instant from which a read of this entry may start a refresh: {@link #refreshAt}, then
   * moved on by every read that claims one ({@link #claimRefresh}).
   */
  volatile long nextRefreshCheck;

  Entry(DocumentType type, CacheDocument document, Layer source, boolean stale, long freshUntil,
      long expireAt, long refreshAt, int weight, CacheMetrics.HitMeter memoryMeter) {
    this.type = type;
    this.document = document;
    this.source = source;
    this.stale = stale;
    this.freshUntil = freshUntil;
    this.expireAt = expireAt;
    this.refreshAt = refreshAt;
    this.weight = weight;
    this.loadedRead = document == null ? CacheRead.missing(source) : new CacheRead(document, source, stale);
    this.memoryRead = document == null
        ? CacheRead.missing(Layer.MEMORY) : new CacheRead(document, Layer.MEMORY, stale);
    this.memoryMeter = memoryMeter;
    this.nextRefreshCheck = refreshAt;
  }

  /**
   * Whether the read at {@code now} is the one to start a refresh of this entry; if so, no other
   * read may start one before {@code retryAt}. Of reads racing past the same check, exactly one
   * wins.
   */
  boolean claimRefresh(long now, long retryAt) {
    long due = nextRefreshCheck;
    return now >= due && NEXT_REFRESH_CHECK.compareAndSet(this, due, retryAt);
  }

  @Override
  public String toString() {
    return (document == null ? "absent" : stale ? "stale" : "fresh") + " " + type.typeName()
        + " from " + source + " (expireAt=" + expireAt + ", refreshAt=" + refreshAt + ")";
  }
}
