package com.avalo.precompute.serving;

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

  /** Drops a key, or every key under a prefix ({@code user:{uid}}), on every instance. */
  void invalidate(String keyOrPrefix);

  @Override
  void close();
}
