package com.avalo.precompute.serving.warmstart;

import java.util.List;

/**
 * Where a serving instance leaves the keys it read most, for the next instance to preload
 * ({@link WarmStart}). Implementations: {@link FileHotKeys} (a local file) and
 * {@link FirestoreHotKeys} (one document shared by the instances of a deployment, so that a new
 * instance on a new machine finds it).
 */
public interface HotKeys {

  /** The keys last saved, hottest first; empty when none were saved. */
  List<String> load();

  /** Replaces the saved keys with {@code keys}, hottest first. */
  void save(List<String> keys);

  /** Where the keys are kept, for logs. */
  String describe();
}
