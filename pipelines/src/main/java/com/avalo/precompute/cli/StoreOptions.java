package com.avalo.precompute.cli;

import com.avalo.precompute.serving.store.StoreSpec;
import picocli.CommandLine.Option;

/** The options that name a store, shared by every command that reads or writes one. */
final class StoreOptions {
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
}
