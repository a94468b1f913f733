package com.avalo.precompute.serving.http;

import com.avalo.precompute.serving.store.SqliteCacheStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.function.Consumer;

/**
 * A {@link ServingHttpServer} on a free port over a SQLite store holding {@link TestDocuments},
 * its clock fixed at {@link TestDocuments#NOW}, and a client to call it.
 */
final class TestServer implements AutoCloseable {
  static final String SERVICE_TOKEN = "service-token-for-tests-0123456789";

  final StoreBackedReads reads;
  final ServingHttpServer server;
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  volatile Exception readinessFailure;
  private final HttpClient client = HttpClient.newHttpClient();

  TestServer(Path dir, Consumer<ServingHttpConfig.Builder> configure) {
    SqliteCacheStore store = SqliteCacheStore.open(dir.resolve("cache.db"));
    store.write(TestDocuments.all());
    reads = new StoreBackedReads(store);
    ServingHttpConfig.Builder config = ServingHttpConfig.builder().port(0)
        .serviceToken(SERVICE_TOKEN);
    configure.accept(config);
    server = ServingHttpServer.builder()
        .config(config.build())
        .reads(reads)
        .meterRegistry(registry)
        .readinessCheck(() -> {
          if (readinessFailure != null) {
            throw readinessFailure;
          }
          reads.get("count:users:all");
        })
        // The tests flip readinessFailure (or the store's failing) and ask /readyz at once.
        .readinessReuse(java.time.Duration.ZERO)
        .clock(Clock.fixed(TestDocuments.NOW, ZoneOffset.UTC))
        .build()
        .start();
  }

  HttpResponse<String> get(String path, String token, String... headers) {
    HttpRequest.Builder request = request(path, token, headers).GET();
    return send(request.build());
  }

  /** Status line and body of a GET sent as raw bytes: for targets Java's URI refuses to build. */
  record RawResponse(int status, String body) {}

  RawResponse rawGet(String target, String token) {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
      String request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
          + "Connection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String response = new String(socket.getInputStream().readAllBytes(),
          java.nio.charset.StandardCharsets.UTF_8);
      int status = Integer.parseInt(response.substring(9, 12));
      int bodyStart = response.indexOf("\r\n\r\n");
      return new RawResponse(status, bodyStart < 0 ? "" : response.substring(bodyStart + 4));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  HttpResponse<String> head(String path, String token, String... headers) {
    return send(request(path, token, headers)
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
  }

  HttpResponse<String> post(String path, String token, String body, String... headers) {
    return send(request(path, token, headers)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  private HttpRequest.Builder request(String path, String token, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return request;
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop();
    reads.close();
  }
}
