package com.avalo.precompute.serving.store;

import java.util.List;

/**
 * Where a serving instance leaves the keys it read most, for the next instance to preload
 * ({@link com.avalo.precompute.serving.warmstart.WarmStart}). Implementations: {@link FileHotKeys}
 * (a local file) and {@link FirestoreHotKeys} (one document shared by the instances of a
 * deployment, so that a new instance on a new machine finds it). Each kind of store keeps them in
 * its own place by default ({@link StoreSpec#openHotKeys}).
 */
public interface HotKeys extends AutoCloseable {

  /** The keys last saved, hottest first; empty when none were saved. */
  List<String> load();

  /** Replaces the saved keys with {@code keys}, hottest first. */
  void save(List<String> keys);

  /** Where the keys are kept, for logs. */
  String describe();

  /** Releases what the keys' place holds open (a client); nothing by default. */
  @Override
  default void close() {}
}
