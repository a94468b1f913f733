package com.avalo.precompute.serving;

/**
 * What {@link CacheClient} does when the store holds a document past its {@code expiresAt}.
 * Chosen per {@link com.avalo.precompute.schemas.DocumentType} with
 * {@link CacheClientBuilder#expiredPolicy}.
 */
public enum ExpiredPolicy {
  /**
   * Serve the expired document flagged {@link CacheRead#stale()}, at most
   * {@link CacheClientBuilder#maxStaleness} past its {@code expiresAt}, while the memory tier
   * asks the store again in the background for a newer one.
   */
  SERVE_STALE,
  /**
   * Answer as if the store had no document. Never served late, not even while the store is
   * down: a read that has only an expired last value to fall back on fails with
   * {@link StoreDownException}.
   */
  MISS,
  /**
   * Compute the value the slow way with the {@link OriginLoader} registered for the type and serve
   * it with {@link CacheRead.Layer#ORIGIN}; should the origin fail, fall back to
   * {@link #SERVE_STALE}.
   */
  ORIGIN
}
