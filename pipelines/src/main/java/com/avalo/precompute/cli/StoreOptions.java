package com.avalo.precompute.cli;

import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.StoreSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options that name a store, shared by every command that reads or writes one. */
final class StoreOptions {
  @Option(names = "--store", defaultValue = "sqlite:out/cache.db",
      description = "Cache store: sqlite:PATH (embedded, no server) or firestore[:PROJECT]."
          + " Default: ${DEFAULT-VALUE}")
  String store;

  @Mixin FirestoreConnection firestore = new FirestoreConnection();

  /**
   * The store the flags name; parsed here, where the flag and the project it may need meet.
   *
   * @throws IllegalArgumentException with the accepted forms
   */
  StoreSpec spec() {
    return StoreSpec.parse(store, firestore.project, firestore.emulatorHost);
  }

  /**
   * Opens the store for a command that only reads it, refusing one that is not there.
   *
   * @throws com.avalo.precompute.serving.store.StoreUnavailableException when it is not there or
   *     does not answer
   */
  CacheStore openForReading() {
    return spec().openExisting();
  }
}
