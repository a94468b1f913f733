package com.avalo.precompute.serving.store;

/** Opens the store a {@link StoreSpec} names. */
public final class CacheStores {
  private CacheStores() {}

  /**
   * Opens a store, checking that it is reachable.
   *
   * @throws StoreUnavailableException saying which store failed and what to check
   */
  public static CacheStore open(StoreSpec spec) {
    return switch (spec.kind()) {
      case SQLITE -> SqliteCacheStore.open(java.nio.file.Path.of(spec.sqlitePath()));
      case FIRESTORE -> FirestoreCacheStore.open(spec);
    };
  }
}
