package com.avalo.precompute.serving.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.serving.CacheRead;
import com.avalo.precompute.serving.CachedReads;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/**
 * {@link ServingHttpServer#stop()}, which serve's SIGTERM calls, finishes the requests in flight:
 * here a read that takes 500 ms, with stop() called 100 ms into it.
 */
public class ServingHttpServerStopTest {
  @Test
  public void stopAnswersTheRequestInFlightBeforeClosing() throws Exception {
    CacheDocument doc = TestDocuments.all().stream()
        .filter(d -> d.key().equals("user:alice")).findFirst().orElseThrow();
    CountDownLatch reading = new CountDownLatch(1);
    CachedReads slowReads = new CachedReads() {
      @Override
      public CacheRead get(String key) {
        reading.countDown();
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
        return new CacheRead(doc, CacheRead.Layer.STORE, false);
      }

      @Override
      public Map<String, CacheRead> getAll(Collection<String> keys) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void invalidate(String keyOrPrefix) {}

      @Override
      public void close() {}
    };
    ServingHttpServer server = ServingHttpServer.builder()
        .config(ServingHttpConfig.builder().port(0).serviceToken(TestServer.SERVICE_TOKEN).build())
        .reads(slowReads)
        .clock(Clock.fixed(TestDocuments.NOW, ZoneOffset.UTC))
        .build().start();
    HttpRequest request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + "/v1/users/alice"))
        .header("Authorization", "Bearer " + TestServer.SERVICE_TOKEN).GET().build();
    CompletableFuture<HttpResponse<String>> answer = HttpClient.newHttpClient()
        .sendAsync(request, HttpResponse.BodyHandlers.ofString());
    assertTrue("the request reached its read", reading.await(5, TimeUnit.SECONDS));
    Thread.sleep(100);
    server.stop();
    String outcome;
    try {
      outcome = "status " + answer.get(5, TimeUnit.SECONDS).statusCode();
    } catch (ExecutionException e) {
      outcome = "failed: " + e.getCause() + " / " + e.getCause().getCause();
    }
    assertEquals("the request in flight when stop() was called", "status 200", outcome);
  }
}
