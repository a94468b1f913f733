package com.avalo.precompute.serving;

import com.avalo.precompute.schemas.CacheKey;
import java.util.Collection;
import java.util.Map;

/**
 * Reads of cache documents by key through the serving tiers: the surface the HTTP service and
 * the CLI depend on, implemented by {@code CacheClient}.
 */
public interface CachedReads extends AutoCloseable {

  /**
   * Reads one key.
   *
   * @throws com.avalo.precompute.schemas.InvalidKeyException when the key is not of the grammar
   */
  CacheRead get(String key);

  /** Reads many keys with batched store reads; every requested key is in the result. */
  Map<String, CacheRead> getAll(Collection<String> keys);

  /**
   * Reads page {@code key} of a paged list for a reader who holds a page of version
   * {@code listVersion} (null: no check), never answering with a page of another version as if
   * it were of that one ({@link PageRead}). This default rereads through {@link #get}, right for
   * readers without a memory tier of their own.
   *
   * @throws IllegalArgumentException when {@code key} is not of a paged type
   */
  default PageRead getPage(CacheKey key, String listVersion) {
    return PageRead.check(key, listVersion, k -> get(k.value()), k -> get(k.value()));
  }

  /**
   * Checks that reads can be answered, for a readiness probe: throws when the tier behind this
   * one cannot be read. This default reads {@code probeKey} through {@link #get}, right for
   * readers without a memory tier; a reader with one must ask what is behind it, since its memory
   * would answer the probe while the store is down.
   */
  default void checkReady(String probeKey) {
    get(probeKey);
  }

  /** Drops a key, or every key under a prefix ({@code user:{uid}}), on every instance. */
  void invalidate(String keyOrPrefix);

  @Override
  void close();
}
