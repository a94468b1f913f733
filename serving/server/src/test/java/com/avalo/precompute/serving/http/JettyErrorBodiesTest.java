package com.avalo.precompute.serving.http;

import static com.avalo.precompute.serving.http.TestServer.SERVICE_TOKEN;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Requests Jetty refuses before any route sees them answer in the service's error shape, not an
 * HTML page. Sent over a raw socket: Java's HTTP client will not send a malformed target.
 */
public class JettyErrorBodiesTest {
  @ClassRule public static final TemporaryFolder DIR = new TemporaryFolder();
  private static TestServer server;

  @BeforeClass
  public static void start() throws IOException {
    server = new TestServer(DIR.newFolder().toPath(), config -> { });
  }

  @AfterClass
  public static void stop() {
    server.close();
  }

  @Test
  public void aMalformedPercentEscapeIsAJson400() throws IOException {
    String answer = raw("GET /v1/users/%zz HTTP/1.1", "");
    assertJsonError(answer, "400", "bad_request");
    assertTrue(answer, answer.contains("a path with a '%' that starts no escape"));
  }

  @Test
  public void aHeaderPastJettysBufferIsAJson431() throws IOException {
    assertJsonError(raw("GET /v1/users/alice HTTP/1.1", "X-Big: " + "x".repeat(20_000) + "\r\n"),
        "431", "request_too_large");
    // Jetty's own handler gives a body only to GET, POST and HEAD.
    assertJsonError(raw("DELETE /v1/users/alice HTTP/1.1", "X-Big: " + "x".repeat(20_000) + "\r\n"),
        "431", "request_too_large");
  }

  /** The request logger never sees these answers, so they are counted apart, each once. */
  @Test
  public void eachRefusalIsCountedOnceByStatusAndRoutedAnswersAreNot() throws IOException {
    double before400 = refused("400");
    double before414 = refused("414");
    double before431 = refused("431");
    raw("GET /v1/users/%zz HTTP/1.1", "");
    raw("GET /v1/users/" + "a".repeat(9_000) + " HTTP/1.1", "");
    raw("GET /v1/users/alice HTTP/1.1", "X-Big: " + "x".repeat(20_000) + "\r\n");
    raw("PUT /v1/users/alice HTTP/1.1", "X-Big: " + "x".repeat(20_000) + "\r\n");
    raw("GET /v1/users/nobody HTTP/1.1", ""); // a route's 404
    raw("DELETE /v1/users/alice HTTP/1.1", ""); // a route's 405
    raw("GET /v1/chats/alice?page=%zz HTTP/1.1", ""); // a route's 400
    assertEquals(1.0, refused("400") - before400, 0.0);
    assertEquals(1.0, refused("414") - before414, 0.0);
    assertEquals(2.0, refused("431") - before431, 0.0);
    assertEquals(0.0, refusedOtherThan("400", "414", "431"), 0.0);
  }

  private static double refused(String status) {
    Counter counter = server.registry.find("http.server.refused").tag("status", status).counter();
    return counter == null ? 0 : counter.count();
  }

  private static double refusedOtherThan(String... statuses) {
    Set<String> known = Set.of(statuses);
    return server.registry.find("http.server.refused").counters().stream()
        .filter(counter -> !known.contains(counter.getId().getTag("status")))
        .mapToDouble(Counter::count).sum();
  }

  private static void assertJsonError(String answer, String status, String code) {
    String head = answer.substring(0, Math.max(0, answer.indexOf("\r\n\r\n"))).toLowerCase();
    assertTrue(answer, answer.startsWith("HTTP/1.1 " + status));
    assertTrue(answer, head.contains("content-type: application/json"));
    assertTrue(answer, head.contains("cache-control: no-store"));
    assertTrue(answer, answer.contains("{\"error\":\"" + code + "\",\"message\":"));
  }

  private static String raw(String requestLine, String extraHeaders) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.server.port())) {
      OutputStream out = socket.getOutputStream();
      out.write((requestLine + "\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + SERVICE_TOKEN
          + "\r\n" + extraHeaders + "Connection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
