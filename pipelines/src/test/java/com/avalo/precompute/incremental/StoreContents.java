package com.avalo.precompute.incremental;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.StoreSpec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a store holds, as key to content hash: what two stores must agree on to be equal. */
public final class StoreContents {
  private StoreContents() {}

  public static Map<String, String> hashes(StoreSpec spec) {
    try (CacheStore store = spec.openExisting()) {
      return hashes(store);
    }
  }

  public static Map<String, String> hashes(CacheStore store) {
    List<String> keys = store.keysWithPrefix("", Integer.MAX_VALUE);
    Map<String, String> hashes = new TreeMap<>();
    for (int from = 0; from < keys.size(); from += 500) {
      for (CacheDocument document :
          store.getAll(keys.subList(from, Math.min(keys.size(), from + 500))).values()) {
        hashes.put(document.key(), document.contentHash());
      }
    }
    return hashes;
  }

  /** Keys whose content differs between {@code before} and {@code after}, or that are new. */
  static long changedOrNew(Map<String, String> before, Map<String, String> after) {
    return after.entrySet().stream()
        .filter(entry -> !entry.getValue().equals(before.get(entry.getKey()))).count();
  }

  /** Keys of {@code before} that {@code after} lacks. */
  static long vanished(Map<String, String> before, Map<String, String> after) {
    return before.keySet().stream().filter(key -> !after.containsKey(key)).count();
  }
}
