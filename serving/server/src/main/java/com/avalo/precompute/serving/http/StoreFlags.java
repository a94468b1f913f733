package com.avalo.precompute.serving.http;

import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.CacheStores;
import com.avalo.precompute.serving.store.StoreSpec;
import java.nio.file.Files;
import java.nio.file.Path;
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
   * Opens the store for reading. Opening a SQLite path creates the file, so a mistyped path would
   * serve an empty store; the service refuses a path with no file instead.
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
