package com.avalo.precompute.report;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.serving.store.CacheStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads documents through {@link CacheStore} in batches, in key order. */
final class StoreReads {
  /** Keys per {@code getAll}: one SQLite statement or a few Firestore batch gets. */
  static final int BATCH = 500;

  private final CacheStore store;

  StoreReads(CacheStore store) {
    this.store = store;
  }

  List<String> keys(String prefix, int limit) {
    return store.keysWithPrefix(prefix, limit);
  }

  /** The documents under {@code keys}, in the keys' order; keys with no document are skipped. */
  List<CacheDocument> documents(List<String> keys) {
    List<CacheDocument> documents = new ArrayList<>(keys.size());
    for (int from = 0; from < keys.size(); from += BATCH) {
      List<String> batch = keys.subList(from, Math.min(keys.size(), from + BATCH));
      Map<String, CacheDocument> found = store.getAll(batch);
      batch.stream().map(found::get).filter(d -> d != null).forEach(documents::add);
    }
    return documents;
  }
}
