package com.avalo.precompute.cli;

import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.CacheStores;
import com.avalo.precompute.serving.store.StoreSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options that name a store, shared by every command that reads or writes one. */
final class StoreOptions {
  @Option(names = "--store", defaultValue = "sqlite:out/cache.db",
      description = "Cache store: sqlite:PATH (embedded, no server) or firestore[:PROJECT]."
          + " Default: ${DEFAULT-VALUE}")
  String store;

  @Mixin FirestoreConnection firestore = new FirestoreConnection();

  StoreSpec spec() {
    return StoreSpec.parse(store, firestore.project, firestore.emulatorHost);
  }

  /**
   * Opens the store for a command that only reads it. Opening a SQLite path creates the file, so
   * a mistyped path would read as an empty store; a reader refuses a path with no file instead.
   *
   * @throws IllegalArgumentException when the SQLite file does not exist
   * @throws com.avalo.precompute.serving.store.StoreUnavailableException when the store does not answer
   */
  CacheStore openForReading() {
    StoreSpec spec = spec();
    if (spec.kind() == StoreSpec.Kind.SQLITE && !Files.isRegularFile(Path.of(spec.sqlitePath()))) {
      throw new IllegalArgumentException("--store=" + store + ": there is no store file at "
          + spec.sqlitePath() + " (write one with 'precompute run', or fix the path)");
    }
    return CacheStores.open(spec);
  }
}
