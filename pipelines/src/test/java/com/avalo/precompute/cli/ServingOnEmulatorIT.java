package com.avalo.precompute.cli;

import static com.avalo.precompute.cli.CliRuns.SERVICE_TOKEN;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;

import com.avalo.precompute.io.EmulatorFirestore;
import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.CacheStores;
import com.avalo.precompute.serving.store.StoreSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import picocli.CommandLine;

/**
 * {@code get} and {@code serve} on the Firestore emulator named by {@code FIRESTORE_EMULATOR_HOST}
 * (skipped when unset), in a fresh project per run.
 */
public class ServingOnEmulatorIT {
  @Rule public final TemporaryFolder dir = new TemporaryFolder();
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

  @Test
  public void serveAnswersFromTheEmulator() throws Exception {
    ServeCommand command = new ServeCommand();
    new CommandLine(command).parseArgs("--store=firestore:" + project,
        "--emulator-host=" + emulatorHost, "--config=" + CliRuns.config(dir.getRoot().toPath()));
    try (ServeCommand.Running running = command.start()) {
      HttpClient http = HttpClient.newHttpClient();
      for (String layer : new String[] {"store", "memory"}) {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create(running.url() + "/v1/users/alice/tokens"))
            .header("Authorization", "Bearer " + SERVICE_TOKEN).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(response.body(), 200, response.statusCode());
        assertEquals(layer, response.headers().firstValue("X-Cache-Layer").orElse(""));
      }
    }
  }
}
