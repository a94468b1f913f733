package com.avalo.precompute.serving.http;

import static com.avalo.precompute.serving.http.DocumentRoutesTest.assertError;
import static com.avalo.precompute.serving.http.TestServer.SERVICE_TOKEN;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A JWKS fetched from a URL (a tiny JWKS server on 127.0.0.1), public cards switched off, and
 * {@code /metrics} behind its own token.
 */
public class JwksUrlAndMetricsAuthTest {
  @Rule public final TemporaryFolder dir = new TemporaryFolder();
  private static final TestTokens tokens = new TestTokens();
  private HttpServer jwksServer;
  private TestServer server;

  @Before
  public void start() throws IOException {
    jwksServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    byte[] jwks = tokens.jwksJson().getBytes(StandardCharsets.UTF_8);
    jwksServer.createContext("/jwks.json", exchange -> {
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, jwks.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(jwks);
      }
    });
    jwksServer.start();
    String url = "http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/jwks.json";
    server = new TestServer(dir.newFolder().toPath(), config -> config
        .jwt(tokens.settings(url)).publicCards(false).metricsToken("metrics-only-token"));
  }

  @After
  public void stop() {
    server.close();
    jwksServer.stop(0);
  }

  @Test
  public void userTokensVerifyAgainstAJwksUrl() {
    assertEquals(200, server.get("/v1/feeds/alice/0", tokens.idToken("alice")).statusCode());
    assertError(server.get("/v1/feeds/alice/0", tokens.signedBy(tokens.impostorKey, "alice")),
        401, "invalid_token", "Invalid signature");
  }

  /**
   * Nimbus refetches the JWKS for a kid it does not hold, at most twice in 30 s, then throws
   * RateLimitReachedException: from the third such token on, the answer was 503 jwks_unavailable
   * ("retry later") though the JWKS was there and the token's key simply is not in it.
   */
  @Test
  public void tokensWhoseKidIsNotInTheJwksAreAll401() throws Exception {
    String unknownKid = tokens.signedBy(new RSAKeyGenerator(2048).keyID("kid-2").generate(), "alice");
    assertEquals(200, server.get("/v1/feeds/alice/0", tokens.idToken("alice")).statusCode());
    for (int i = 0; i < 5; i++) {
      assertError(server.get("/v1/feeds/alice/0", unknownKid), 401, "invalid_token",
          "no matching key");
    }
    assertEquals(200, server.get("/v1/feeds/alice/0", tokens.idToken("alice")).statusCode());
  }

  /**
   * Nimbus refreshes a URL JWKS ahead of its expiry on a thread of its own, not a daemon, which it
   * starts about 4.5 minutes into user-token traffic (here at once, through its executor).
   * Unclosed, that thread outlived stop() and kept an embedder's JVM from exiting.
   */
  @Test
  public void stopEndsTheJwksRefreshThread() throws Exception {
    assertEquals(200, server.get("/v1/feeds/alice/0", tokens.idToken("alice")).statusCode());
    Thread refresher = server.server.jwksRefreshExecutor().submit(Thread::currentThread).get();
    assertFalse(refresher.isDaemon());
    server.server.stop();
    refresher.join(5000);
    assertFalse("the JWKS refresh thread outlived stop()", refresher.isAlive());
  }

  /** A server started again after stop() verifies with a JWKS source of its own, not the closed one. */
  @Test
  public void aServerStartedAgainAfterStopVerifiesUserTokens() throws Exception {
    assertEquals(200, server.get("/v1/feeds/alice/0", tokens.idToken("alice")).statusCode());
    ExecutorService closed = server.server.jwksRefreshExecutor();
    server.server.stop();
    server.server.start();
    assertEquals(200, server.get("/v1/feeds/alice/0", tokens.idToken("alice")).statusCode());
    assertTrue(closed.isShutdown());
    assertFalse(server.server.jwksRefreshExecutor().isShutdown());
  }

  @Test
  public void withoutPublicCardsAUserReadsOnlyTheirOwnDocuments() {
    String alice = tokens.idToken("alice");
    String ownTypesOnly = "own user_stats, user_tokens, feed_page, chats";
    assertError(server.get("/v1/users/bob", alice), 403, "forbidden", ownTypesOnly);
    assertError(server.get("/v1/posts/p1", alice), 403, "forbidden", ownTypesOnly);
    assertEquals(200, server.get("/v1/users/alice/stats", alice).statusCode());
  }

  @Test
  public void metricsAcceptTheMetricsTokenAndServiceTokens() {
    assertEquals(200, server.get("/metrics", "metrics-only-token").statusCode());
    assertEquals(200, server.get("/metrics", SERVICE_TOKEN).statusCode());
    assertError(server.get("/metrics", null), 401, "unauthenticated",
        "Bearer <metrics token or service token>");
    // The metrics token opens /metrics only.
    assertError(server.get("/v1/users/alice", "metrics-only-token"), 401, "invalid_token",
        "not an accepted service token");
  }

  @Test
  public void anUnreachableJwksIs503NotAnAuthFailure() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort + "/jwks.json";
    try (TestServer down = new TestServer(dir.newFolder().toPath(),
        config -> config.jwt(tokens.settings(url)))) {
      // Asked again and again within the fetches' rate limit, it is still unavailable, not a
      // bad token.
      for (int i = 0; i < 4; i++) {
        assertError(down.get("/v1/feeds/alice/0", tokens.idToken("alice")), 503,
            "jwks_unavailable", "cannot load the signing keys");
      }
    }
  }
}
