package com.avalo.precompute.serving.http;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.CacheKey;
import com.avalo.precompute.serving.CacheRead;
import com.avalo.precompute.serving.CachedReads;
import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.StoreUnavailableException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A test double of {@code CacheClient}: every read goes straight to a {@link CacheStore} and is
 * reported as answered by the store layer; {@link #failing} simulates an outage.
 */
final class StoreBackedReads implements CachedReads {
  private final CacheStore store;
  volatile boolean failing;
  /**
   * While {@link #failing}, answer as {@code CacheClient} does for a key its memory still holds:
   * the last document, stale, marked as answered because the store failed.
   */
  volatile boolean staleIfError;

  StoreBackedReads(CacheStore store) {
    this.store = store;
  }

  @Override
  public CacheRead get(String key) {
    CacheKey.parse(key);
    if (failing && staleIfError) {
      return store.get(key)
          .map(document -> new CacheRead(document, CacheRead.Layer.MEMORY, true, true))
          .orElseThrow(() -> new StoreUnavailableException("sqlite:test failed", null));
    }
    checkUp();
    return store.get(key)
        .map(document -> new CacheRead(document, CacheRead.Layer.STORE, false))
        .orElse(CacheRead.missing(CacheRead.Layer.STORE));
  }

  @Override
  public Map<String, CacheRead> getAll(Collection<String> keys) {
    keys.forEach(CacheKey::parse);
    checkUp();
    Map<String, CacheDocument> found = store.getAll(keys);
    Map<String, CacheRead> reads = new LinkedHashMap<>();
    for (String key : keys) {
      CacheDocument document = found.get(key);
      reads.put(key, document == null
          ? CacheRead.missing(CacheRead.Layer.STORE)
          : new CacheRead(document, CacheRead.Layer.STORE, false));
    }
    return reads;
  }

  @Override
  public void invalidate(String keyOrPrefix) {
    // Nothing is cached in memory here.
  }

  @Override
  public void close() {
    store.close();
  }

  private void checkUp() {
    if (failing) {
      throw new StoreUnavailableException("sqlite:test failed: simulated outage", null);
    }
  }
}
