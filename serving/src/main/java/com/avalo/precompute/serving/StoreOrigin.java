package com.avalo.precompute.serving;

import com.avalo.precompute.schemas.CacheKey;
import com.avalo.precompute.serving.store.CacheStore;
import java.util.Optional;

/**
 * The store read directly as the origin ({@link CacheClientBuilder#storeAsOrigin}). The client
 * knows it by its class, to count its reads as store reads.
 */
record StoreOrigin(CacheStore store) implements OriginLoader {
  @Override
  public Optional<?> load(CacheKey key) {
    return store.get(key.value());
  }
}
