package com.avalo.precompute.cli;

import com.avalo.precompute.schemas.CacheKey;
import com.avalo.precompute.serving.CacheRead;
import com.avalo.precompute.serving.CachedReads;
import com.avalo.precompute.serving.store.CacheStore;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** Opens the serving read path the CLI uses over a store. */
final class ServingClients {
  private ServingClients() {}

  static CachedReads open(CacheStore store) {
    return new CachedReads() {
      @Override
      public CacheRead get(String key) {
        CacheKey.parse(key);
        return store.get(key)
            .map(doc -> new CacheRead(doc, CacheRead.Layer.STORE, !doc.isFreshAt(Instant.now())))
            .orElse(CacheRead.missing(CacheRead.Layer.STORE));
      }

      @Override
      public Map<String, CacheRead> getAll(Collection<String> keys) {
        Map<String, CacheRead> reads = new LinkedHashMap<>();
        keys.forEach(key -> reads.put(key, get(key)));
        return reads;
      }

      @Override
      public void invalidate(String keyOrPrefix) {}

      @Override
      public void close() {
        store.close();
      }
    };
  }
}
