package com.avalo.precompute.serving.store;

/** Opens the store a {@link StoreSpec} names; the same as {@link StoreSpec#open()}. */
public final class CacheStores {
  private CacheStores() {}

  /**
   * Opens a store, checking that it is reachable.
   *
   * @throws StoreUnavailableException saying which store failed and what to check
   */
  public static CacheStore open(StoreSpec spec) {
    return spec.open();
  }
}
