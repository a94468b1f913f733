package com.avalo.precompute.serving;

import com.avalo.precompute.schemas.CacheDocument;
import java.util.Optional;

/**
 * The outcome of one read through the cache.
 *
 * @param document the document, or null when the key has no document. It is the copy memory
 *     holds, shared with every reader of the key: read it, never change its payload (a
 *     {@code JsonNode}, which Jackson cannot make read-only); change a {@code deepCopy()} of it,
 *     or use the client's typed reads, which bind a new object each time
 * @param layer the layer that answered
 * @param stale true when the document was served past the point it counts as fresh: its
 *     {@code expiresAt}, under a serve-stale policy; or, for a last value served because the
 *     store failed ({@code storeFailed}), the end of its memory lifetime (the type's memory TTL,
 *     or its {@code expiresAt} if sooner), even while the document itself is still unexpired
 * @param storeFailed true when the read needed the store, the store failed or was known down, and
 *     the answer is the key's last value kept for stale-if-error ({@code layer} is then
 *     {@link Layer#MEMORY}): unlike a memory hit, it may have waited for the failure
 */
public record CacheRead(CacheDocument document, Layer layer, boolean stale, boolean storeFailed) {

  /** A read that did not depend on a failed store. */
  public CacheRead(CacheDocument document, Layer layer, boolean stale) {
    this(document, layer, stale, false);
  }

  /** Where a read was answered from, as reported in metrics and the {@code cacheLayer} of events. */
  public enum Layer { MEMORY, STORE, ORIGIN, NONE }

  /** The document, when there is one. */
  public Optional<CacheDocument> found() {
    return Optional.ofNullable(document);
  }

  /** A read that found nothing. */
  public static CacheRead missing(Layer layer) {
    return new CacheRead(null, layer, false);
  }
}
