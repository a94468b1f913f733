package com.avalo.precompute.serving.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
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
import java.util.function.Supplier;
import org.junit.Test;

/**
 * {@link ServingHttpServer#stop()}, which serve's SIGTERM calls, finishes the requests in flight:
 * here a read that takes 500 ms, with stop() called 100 ms into it; and cuts off one that outlives
 * its stop timeout.
 */
public class ServingHttpServerStopTest {
  @Test
  public void stopAnswersTheRequestInFlightBeforeClosing() throws Exception {
    CacheDocument doc = TestDocuments.all().stream()
        .filter(d -> d.key().equals("user:alice")).findFirst().orElseThrow();
    CountDownLatch reading = new CountDownLatch(1);
    ServingHttpServer server = serverReading(reading, () -> {
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      return new CacheRead(doc, CacheRead.Layer.STORE, false);
    });
    CompletableFuture<HttpResponse<String>> answer = HttpClient.newHttpClient()
        .sendAsync(aliceRequest(server), HttpResponse.BodyHandlers.ofString());
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

  /**
   * A request still running when the stop timeout ends is cut off and stop() returns: thrown out
   * of stop(), Jetty's TimeoutException skipped the rest of serve's shutdown (saving the hot keys,
   * closing the client and its store). Here a read that ignores interrupts until the test ends.
   */
  @Test
  public void aRequestStuckPastTheStopTimeoutIsCutOffAndStopReturns() throws Exception {
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ServingHttpServer server = serverReading(reading, () -> {
      boolean released = false;
      while (!released) {
        try {
          release.await(60, TimeUnit.SECONDS);
          released = true;
        } catch (InterruptedException e) {
          // As a read blocked in a socket would: the interrupt does not end it.
        }
      }
      return CacheRead.missing(CacheRead.Layer.STORE);
    });
    try {
      HttpClient.newHttpClient().sendAsync(aliceRequest(server), HttpResponse.BodyHandlers.discarding());
      assertTrue("the request reached its read", reading.await(5, TimeUnit.SECONDS));
      long start = System.nanoTime();
      server.stop();
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
      assertTrue("stop() waited " + seconds + " s", seconds
          < ServingHttpServer.STOP_TIMEOUT_SECONDS + 10);
      server.stop(); // idempotent: stopped already
      assertThrows("a stopped server has no port", IllegalStateException.class, server::port);
    } finally {
      release.countDown();
    }
  }

  /** A started server whose every single read counts {@code reading} down, then answers {@code read}. */
  private static ServingHttpServer serverReading(CountDownLatch reading, Supplier<CacheRead> read) {
    CachedReads reads = new CachedReads() {
      @Override
      public CacheRead get(String key) {
        reading.countDown();
        return read.get();
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
    return ServingHttpServer.builder()
        .config(ServingHttpConfig.builder().port(0).serviceToken(TestServer.SERVICE_TOKEN).build())
        .reads(reads)
        .clock(Clock.fixed(TestDocuments.NOW, ZoneOffset.UTC))
        .build().start();
  }

  private static HttpRequest aliceRequest(ServingHttpServer server) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/users/alice"))
        .header("Authorization", "Bearer " + TestServer.SERVICE_TOKEN).GET().build();
  }
}
