package com.avalo.precompute.serving.http;

import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.StoreSpec;
import picocli.CommandLine.Option;

/** The flags that name the store the service reads, spelt as the pipelines' CLI spells them. */
final class StoreFlags {
  @Option(names = "--store", defaultValue = "sqlite:out/cache.db",
      description = "Cache store: sqlite:PATH (embedded, no server) or firestore[:PROJECT]."
          + " Default: ${DEFAULT-VALUE}")
  String store;

  @Option(names = "--firestore-project", defaultValue = "${env:FIRESTORE_PROJECT}",
      description = "Google Cloud project of Firestore (env FIRESTORE_PROJECT)")
  String firestoreProject;

  @Option(names = "--emulator-host", defaultValue = "${env:FIRESTORE_EMULATOR_HOST}",
      description = "host:port of a Firestore emulator (env FIRESTORE_EMULATOR_HOST)")
  String emulatorHost;

  StoreSpec spec() {
    return StoreSpec.parse(store, firestoreProject, emulatorHost);
  }

  /**
   * Opens the store for reading; a SQLite path with no file is refused rather than created, so a
   * mistyped path cannot serve an empty store.
   *
   * @throws com.avalo.precompute.serving.store.StoreUnavailableException when there is no such
   *     file or the store does not answer
   */
  CacheStore openForReading() {
    return spec().openExisting();
  }
}
