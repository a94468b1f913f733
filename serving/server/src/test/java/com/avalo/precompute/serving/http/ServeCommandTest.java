package com.avalo.precompute.serving.http;

import static com.avalo.precompute.serving.http.ServeRuns.SERVICE_TOKEN;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.serving.store.SqliteCacheStore;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.BufferedReader;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import picocli.CommandLine;

/**
 * The serve command over a SQLite store written here: startup, reads through the memory
 * tier and the bypass over HTTP, metrics on /metrics, shutdown (in process and by SIGTERM), and
 * one-line errors for what an operator gets wrong.
 */
public class ServeCommandTest {
  @Rule public final TemporaryFolder dir = new TemporaryFolder();
  private final HttpClient http = HttpClient.newHttpClient();
  private Path db;
  private Path config;

  @Before
  public void writeStoreAndConfig() throws IOException {
    db = dir.getRoot().toPath().resolve("cache.db");
    try (SqliteCacheStore sqlite = SqliteCacheStore.open(db)) {
      sqlite.write(List.of(ServeRuns.tokens("alice")));
    }
    config = ServeRuns.config(dir.getRoot().toPath());
  }

  @Test
  public void servesThroughTheMemoryTierAndStops() throws Exception {
    ServeCommand.Running running = start("--store=sqlite:" + db, "--config=" + config);
    int port = running.port();
    try {
      assertThat(running.url(), matchesPattern("http://127\\.0\\.0\\.1:\\d+"));
      HttpResponse<String> first = get(port, "/v1/users/alice/tokens", SERVICE_TOKEN);
      assertEquals(first.body(), 200, first.statusCode());
      assertEquals(60, Json.read(first.body()).get("balance").asInt());
      assertEquals("store", layer(first));
      assertEquals("memory", layer(get(port, "/v1/docs/user:alice:tokens", SERVICE_TOKEN)));
      assertEquals(404, get(port, "/v1/docs/user:nobody:tokens", SERVICE_TOKEN).statusCode());
      assertEquals(401, get(port, "/v1/docs/user:alice:tokens", "wrong").statusCode());
      assertEquals(200, get(port, "/readyz", null).statusCode());

      // The client's meters are in the registry /metrics serves, beside the HTTP ones.
      String metrics = get(port, "/metrics", SERVICE_TOKEN).body();
      assertThat(metrics, containsString("avalo_cache_reads_total{cache=\"avalo\",layer=\"memory\","
          + "result=\"hit\",type=\"user_tokens\"} 1.0"));
      assertThat(metrics, containsString("avalo_cache_reads_total{cache=\"avalo\",layer=\"store\","
          + "result=\"hit\",type=\"user_tokens\"} 1.0"));
      assertThat(metrics, containsString("http_server_requests_seconds_count"));
      assertThat(metrics, containsString("avalo_cache_bypass{cache=\"avalo\"} 0.0"));
      assertThat(metrics, containsString("jvm_memory_used_bytes{"));
      assertThat(metrics, containsString("process_cpu_usage "));

      // The bypass reads the store on every request, and shows in the answers and the gauge.
      assertEquals(200, put(port, "/admin/cache-bypass", "{\"bypassCache\": true}").statusCode());
      HttpResponse<String> bypassed = get(port, "/v1/users/alice/tokens", SERVICE_TOKEN);
      assertEquals(bypassed.body(), 200, bypassed.statusCode());
      assertEquals("origin", layer(bypassed));
      assertThat(get(port, "/metrics", SERVICE_TOKEN).body(),
          containsString("avalo_cache_bypass{cache=\"avalo\"} 1.0"));
      assertEquals(200, put(port, "/admin/cache-bypass", "{\"bypassCache\": false}").statusCode());
      assertEquals("memory dropped with the bypass", "store",
          layer(get(port, "/v1/users/alice/tokens", SERVICE_TOKEN)));
      assertEquals("memory", layer(get(port, "/v1/users/alice/tokens", SERVICE_TOKEN)));
    } finally {
      running.close();
    }
    assertThrows(ConnectException.class, () -> http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
        HttpResponse.BodyHandlers.discarding()));
    running.close(); // idempotent
  }

  @Test
  public void theProcessPrintsItsUrlAndStopsOnSigterm() throws Exception {
    File err = dir.newFile("serve.err");
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", System.getProperty("java.class.path"),
        ServeCommand.class.getName(), "--store=sqlite:" + db, "--config=" + config)
        .redirectError(err)
        .start();
    try {
      BlockingQueue<String> lines = new LinkedBlockingQueue<>();
      Thread reader = new Thread(() -> {
        try (BufferedReader out = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          out.lines().forEach(lines::add);
        } catch (IOException ignored) {
          // The process is gone.
        }
      });
      reader.setDaemon(true);
      reader.start();
      String line = lines.poll(60, TimeUnit.SECONDS);
      assertTrue("no URL printed; stderr: " + Files.readString(err.toPath()), line != null);
      Matcher url = Pattern.compile("serving sqlite:\\S+ on http://127\\.0\\.0\\.1:(\\d+) ")
          .matcher(line);
      assertTrue(line, url.find());
      int port = Integer.parseInt(url.group(1));
      assertEquals(200, get(port, "/v1/docs/user:alice:tokens", SERVICE_TOKEN).statusCode());

      process.destroy(); // SIGTERM
      assertTrue("did not stop within 30 s", process.waitFor(30, TimeUnit.SECONDS));
      assertEquals(143, process.exitValue()); // 128 + SIGTERM: the JVM's exit after its hooks
      assertThat(Files.readString(err.toPath()), containsString("serve: stopped"));
      assertThrows(ConnectException.class, () -> get(port, "/healthz", null));
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  public void withoutAConfigItSaysWhatToWrite() {
    assertOneLineError(ServeRuns.run("--store=sqlite:" + db),
        "error: serve needs --config=FILE, a properties file with at least auth.service-token-hashes");
  }

  @Test
  public void aConfigFileThatIsNotThereIsNamed() {
    Path missing = dir.getRoot().toPath().resolve("nope.properties");
    assertOneLineError(ServeRuns.run("--store=sqlite:" + db, "--config=" + missing),
        "error: --config=" + missing + ": no such file");
  }

  @Test
  public void aBrokenConfigNamesTheFileAndTheProperty() throws IOException {
    Path noAuth = Files.writeString(dir.getRoot().toPath().resolve("no-auth.properties"),
        "http.port=0\n");
    assertOneLineError(ServeRuns.run("--store=sqlite:" + db, "--config=" + noAuth),
        "error: --config=" + noAuth + ": no way to authenticate is configured");
    Path typo = Files.writeString(dir.getRoot().toPath().resolve("typo.properties"),
        "http.prot=8080\nauth.service-tokens-env=AVALO_UNSET_FOR_TESTS\n");
    assertOneLineError(ServeRuns.run("--store=sqlite:" + db, "--config=" + typo),
        "error: --config=" + typo + ": unknown serving property 'http.prot'");
  }

  @Test
  public void aStoreFileThatIsNotThereIsNamed() {
    Path missing = dir.getRoot().toPath().resolve("missing.db");
    assertOneLineError(ServeRuns.run("--store=sqlite:" + missing, "--config=" + config),
        "error: there is no store file at " + missing);
  }

  @Test
  public void aTakenPortIsNamed() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      ServeRuns.Result result = ServeRuns.run("--store=sqlite:" + db, "--config=" + config,
          "--port=" + port);
      assertEquals(result.err(), 2, result.exitCode());
      assertThat(result.err(), containsString("error: cannot listen on 127.0.0.1:" + port));
    }
  }

  @Test
  public void anUnreachableFirestoreIsNamed() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    ServeRuns.Result result = ServeRuns.run("--store=firestore:serve-test",
        "--emulator-host=127.0.0.1:" + closedPort, "--config=" + config);
    assertEquals(result.err(), 2, result.exitCode());
    assertThat(result.err(), containsString("error: cannot reach firestore:serve-test/"));
    assertThat(result.err(), containsString("is the emulator running?"));
  }

  @Test
  public void loaderThreadsDefaultToCacheClientsEightAndCanBeSet() {
    ServeCommand command = new ServeCommand();
    new CommandLine(command).parseArgs();
    assertEquals(8, command.cache.loaderThreads());
    new CommandLine(command).parseArgs("--loader-threads=16");
    assertEquals(16, command.cache.loaderThreads());
    assertOneLineError(ServeRuns.run("--store=sqlite:" + db, "--config=" + config,
        "--loader-threads=0"), "error: --loader-threads must be at least 1, was 0");
  }

  @Test
  public void aRestartedServiceStartsWithTheHotKeysOfTheLastInMemory() throws Exception {
    ServeCommand.Running first = start("--store=sqlite:" + db, "--config=" + config);
    try {
      assertEquals("store", layer(get(first.port(), "/v1/users/alice/tokens", SERVICE_TOKEN)));
    } finally {
      first.close();
    }
    assertEquals("saved on stop", List.of("user:alice:tokens"),
        Files.readAllLines(Path.of(db + ".hot-keys")));

    ServeCommand.Running second = start("--store=sqlite:" + db, "--config=" + config);
    try {
      int port = second.port();
      for (int i = 0; i < 500 && get(port, "/readyz", null).statusCode() != 200; i++) {
        Thread.sleep(10);
      }
      assertEquals(200, get(port, "/readyz", null).statusCode());
      assertEquals("preloaded before ready", "memory",
          layer(get(port, "/v1/users/alice/tokens", SERVICE_TOKEN)));
      assertThat(get(port, "/metrics", SERVICE_TOKEN).body(),
          containsString("avalo_cache_preloaded_total{cache=\"avalo\"} 1.0"));
    } finally {
      second.close();
    }

    ServeCommand.Running cold = start("--store=sqlite:" + db, "--config=" + config,
        "--no-warm-start");
    try {
      assertEquals("store", layer(get(cold.port(), "/v1/users/alice/tokens", SERVICE_TOKEN)));
    } finally {
      cold.close();
    }
  }

  @Test
  public void cacheFlagsAreChecked() {
    assertOneLineError(ServeRuns.run("--store=sqlite:" + db, "--config=" + config,
        "--max-waiting-reads=0"), "error: --max-waiting-reads must be at least 1, was 0");
    assertOneLineError(ServeRuns.run("--store=sqlite:" + db, "--config=" + config,
        "--memory-ttl", "feeds=PT5M"), "error: --memory-ttl: unknown document type 'feeds'");
    assertOneLineError(ServeRuns.run("--store=sqlite:" + db, "--config=" + config,
        "--memory-ttl", "feed_page=5m"), "error: --memory-ttl feed_page=5m: not an ISO-8601");
  }

  @Test
  public void aMemoryTtlOfZeroKeepsATypeOutOfMemory() throws Exception {
    ServeCommand.Running running = start("--store=sqlite:" + db, "--config=" + config,
        "--memory-ttl", "user_tokens=PT0S", "--no-warm-start");
    try {
      assertEquals("store", layer(get(running.port(), "/v1/users/alice/tokens", SERVICE_TOKEN)));
      assertEquals("store", layer(get(running.port(), "/v1/users/alice/tokens", SERVICE_TOKEN)));
    } finally {
      running.close();
    }
  }

  private ServeCommand.Running start(String... args) {
    ServeCommand command = new ServeCommand();
    new CommandLine(command).parseArgs(args);
    return command.start();
  }

  @Test
  public void aBadOrUnknownFlagIsOneLine() {
    assertOneLineError(ServeRuns.run("--port=eighty"),
        "error: Invalid value for option '--port': 'eighty' is not an int ('serve --help' lists");
    assertOneLineError(ServeRuns.run("--stroe=sqlite:x.db"),
        "error: Unknown option: '--stroe=sqlite:x.db'; did you mean --store? ('serve --help'");
    assertOneLineError(ServeRuns.run("--zzzzzz"), "error: Unknown option: '--zzzzzz' ('serve");
  }

  @Test
  public void theHelpPrintsEveryDescriptionLineWhole() {
    ServeRuns.Result help = ServeRuns.run("--help");
    assertEquals(help.err(), 0, help.exitCode());
    String[] description = new CommandLine(new ServeCommand()).getCommandSpec().usageMessage()
        .description();
    for (String line : description) {
      assertTrue(line, line.length() <= ServeCommand.HELP_WIDTH);
      assertThat(help.out(), containsString(line));
    }
  }

  private static void assertOneLineError(ServeRuns.Result result, String expectedStart) {
    assertEquals(result.err(), 2, result.exitCode());
    assertThat(result.err(), startsWith(expectedStart));
    assertEquals(result.err(), 1, result.err().lines().count());
    assertEquals("", result.out());
  }

  private static String layer(HttpResponse<String> response) {
    return response.headers().firstValue("X-Cache-Layer").orElse("(none)");
  }

  private HttpResponse<String> get(int port, String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> put(int port, String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + SERVICE_TOKEN)
        .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
