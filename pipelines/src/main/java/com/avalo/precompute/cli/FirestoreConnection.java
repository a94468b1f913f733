package com.avalo.precompute.cli;

import picocli.CommandLine.Option;

/** Which Firestore to talk to: the project, and an emulator instead of production when set. */
final class FirestoreConnection {
  @Option(names = "--firestore-project", defaultValue = "${env:FIRESTORE_PROJECT}",
      description = "Google Cloud project of Firestore (env FIRESTORE_PROJECT)")
  String project;

  @Option(names = "--emulator-host", defaultValue = "${env:FIRESTORE_EMULATOR_HOST}",
      description = "host:port of a Firestore emulator (env FIRESTORE_EMULATOR_HOST)")
  String emulatorHost;

  boolean hasProject() {
    return project != null && !project.isBlank();
  }

  boolean usesEmulator() {
    return emulatorHost != null && !emulatorHost.isBlank();
  }
}
