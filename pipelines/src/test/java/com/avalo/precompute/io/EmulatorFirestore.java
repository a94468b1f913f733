package com.avalo.precompute.io;

import static org.junit.Assume.assumeTrue;

import com.avalo.precompute.seed.FirestoreSeedLoader;
import com.avalo.precompute.seed.SeedProgress;
import com.google.cloud.firestore.Firestore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.rules.ExternalResource;

/**
 * A fresh database on the Firestore emulator named by {@code FIRESTORE_EMULATOR_HOST} for each
 * test, wiped afterwards; the test is skipped when the variable is unset ({@code scripts/test.sh}
 * starts the emulator and sets it).
 */
public final class EmulatorFirestore extends ExternalResource {
  private final String projectPrefix;
  private String host;
  private String projectId;
  private Firestore client;

  public EmulatorFirestore(String projectPrefix) {
    this.projectPrefix = projectPrefix;
  }

  @Override
  protected void before() {
    host = System.getenv("FIRESTORE_EMULATOR_HOST");
    // An unset variable can also arrive as Maven's unresolved "${env.FIRESTORE_EMULATOR_HOST}".
    assumeTrue("FIRESTORE_EMULATOR_HOST is not set",
        host != null && !host.isBlank() && !host.startsWith("${"));
    // Each test gets its own project, so tests never see each other's documents.
    projectId = projectPrefix + "-" + Long.toHexString(System.nanoTime());
    client = FirestoreSeedLoader.emulatorClient(projectId, host);
  }

  @Override
  protected void after() {
    if (client == null) {
      return;
    }
    try {
      client.close();
      HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + host
              + "/emulator/v1/projects/" + projectId + "/databases/(default)/documents"))
          .DELETE().build(), HttpResponse.BodyHandlers.discarding());
    } catch (Exception e) {
      throw new IllegalStateException("could not wipe emulator project " + projectId, e);
    }
  }

  public String host() {
    return host;
  }

  public String projectId() {
    return projectId;
  }

  public Firestore client() {
    return client;
  }

  /** Loads an NDJSON export directory the way the app stores it, without production throttling. */
  public void load(Path exportDir) throws Exception {
    FirestoreSeedLoader.forEmulator(client)
        .load(exportDir, SeedProgress.none());
  }
}
