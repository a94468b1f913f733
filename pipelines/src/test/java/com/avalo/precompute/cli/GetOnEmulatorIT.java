package com.avalo.precompute.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;

import com.avalo.precompute.io.EmulatorFirestore;
import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.CacheStores;
import com.avalo.precompute.serving.store.StoreSpec;
import java.util.List;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * {@code get} on the Firestore emulator named by {@code FIRESTORE_EMULATOR_HOST}
 * (skipped when unset), in a fresh project per run.
 */
public class GetOnEmulatorIT {
  @Rule public final EmulatorFirestore emulator = new EmulatorFirestore("serve-it");
  private String emulatorHost;
  private String project;

  @Before
  public void writeDocument() {
    emulatorHost = emulator.host();
    project = emulator.projectId();
    try (CacheStore store = CacheStores.open(StoreSpec.firestore(project, emulatorHost))) {
      store.write(List.of(CliRuns.tokens("alice")));
    }
  }

  @Test
  public void getReadsTheEmulatorThroughServing() {
    CliRuns.Result found = CliRuns.run("get", "user:alice:tokens", "--store=firestore:" + project,
        "--emulator-host=" + emulatorHost, "--payload");
    assertEquals(found.err(), 0, found.exitCode());
    assertEquals(60, Json.read(found.out()).get("balance").asInt());

    CliRuns.Result missing = CliRuns.run("get", "user:bob:tokens", "--store=firestore:" + project,
        "--emulator-host=" + emulatorHost);
    assertEquals(1, missing.exitCode());
    assertThat(missing.err(), startsWith("error: no document under 'user:bob:tokens' in firestore:"));
  }
}
