package com.avalo.precompute.serving.store;

import static org.junit.Assume.assumeTrue;

import org.junit.Before;

/**
 * The last writers in Firestore, on the emulator (each test in a project of its own). Runs when
 * FIRESTORE_EMULATOR_HOST is set.
 */
public class FirestoreLastWritersIT extends LastWritersContract {
  private String host;
  private String project;

  @Before
  public void setUp() {
    host = System.getenv("FIRESTORE_EMULATOR_HOST");
    assumeTrue("FIRESTORE_EMULATOR_HOST is not set: no emulator to test against",
        host != null && !host.isBlank() && !host.startsWith("${"));
    project = "writers-" + Long.toHexString(System.nanoTime());
  }

  @Override
  protected LastWriters connect() {
    return StoreSpec.firestore(project, host).openLastWriters();
  }
}
