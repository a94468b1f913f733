package com.avalo.precompute.serving.http;

import static com.avalo.precompute.serving.http.ServeRuns.SERVICE_TOKEN;
import static org.junit.Assert.assertEquals;
import static org.junit.Assume.assumeTrue;

import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.CacheStores;
import com.avalo.precompute.serving.store.StoreSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import picocli.CommandLine;

/**
 * The serve command on the Firestore emulator named by {@code FIRESTORE_EMULATOR_HOST} (skipped
 * when unset), in a fresh project per run: the first read comes from the store, the second from
 * memory.
 */
public class ServeOnEmulatorIT {
  @Rule public final TemporaryFolder dir = new TemporaryFolder();

  @Test
  public void serveAnswersFromTheEmulator() throws Exception {
    String emulatorHost = System.getenv("FIRESTORE_EMULATOR_HOST");
    assumeTrue("FIRESTORE_EMULATOR_HOST is not set: no emulator to test against",
        emulatorHost != null && !emulatorHost.isBlank()
        // What failsafe passes for an unset variable (the root pom names it in its environment).
        && !emulatorHost.startsWith("${"));
    String project = "serve-it-" + UUID.randomUUID().toString().substring(0, 8);
    try (CacheStore store = CacheStores.open(StoreSpec.firestore(project, emulatorHost))) {
      store.write(List.of(ServeRuns.tokens("alice")));
    }
    ServeCommand command = new ServeCommand();
    new CommandLine(command).parseArgs("--store=firestore:" + project,
        "--emulator-host=" + emulatorHost, "--config=" + ServeRuns.config(dir.getRoot().toPath()));
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
