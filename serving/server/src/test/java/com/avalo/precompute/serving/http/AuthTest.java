package com.avalo.precompute.serving.http;

import static com.avalo.precompute.serving.http.DocumentRoutesTest.assertError;
import static com.avalo.precompute.serving.http.DocumentRoutesTest.header;
import static com.avalo.precompute.serving.http.TestServer.SERVICE_TOKEN;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Service tokens, user ID tokens verified against a JWKS file, and what each may read. */
public class AuthTest {
  @ClassRule public static final TemporaryFolder DIR = new TemporaryFolder();
  private static TestTokens tokens;
  private static TestServer server;
  private static String alice;

  @BeforeClass
  public static void start() throws IOException {
    tokens = new TestTokens();
    String jwks = tokens.writeJwks(DIR.newFolder().toPath()).toString();
    server = new TestServer(DIR.newFolder().toPath(), config -> config.jwt(tokens.settings(jwks)));
    alice = tokens.idToken("alice");
  }

  @AfterClass
  public static void stop() {
    server.close();
  }

  private static void assertUnauthenticated(String token, String message) {
    HttpResponse<String> response = server.get("/v1/feeds/alice/0", token);
    assertEquals(response.body(), 401, response.statusCode());
    assertTrue(response.body(), response.body().contains(message));
    assertTrue(header(response, "WWW-Authenticate").startsWith("Bearer realm=\"avalo-precompute\""));
  }

  @Test
  public void everyV1RouteNeedsABearerToken() {
    for (String path : List.of("/v1/docs/user:alice", "/v1/users/alice", "/v1/users/alice/stats",
        "/v1/users/alice/tokens", "/v1/feeds/alice/0", "/v1/matches/alice", "/v1/chats/alice",
        "/v1/counts/users/all", "/v1/analytics/dau/2026-11-20", "/v1/posts/p1", "/v1/media/m1")) {
      HttpResponse<String> response = server.get(path, null);
      assertError(response, 401, "unauthenticated", "Authorization: Bearer");
      assertEquals("Bearer realm=\"avalo-precompute\"", header(response, "WWW-Authenticate"));
    }
    assertError(server.post("/v1/docs:batchGet", null, "{\"keys\":[\"user:alice\"]}"),
        401, "unauthenticated", "Bearer");
    assertError(server.get("/v1/users/alice", null, "Authorization", "Basic YTpi"),
        401, "unauthenticated", "only the Bearer scheme");
  }

  @Test
  public void anEmptyBearerTokenIsNamedAsSuch() {
    // Sent as "Bearer " and "Bearer   "; Jetty hands both to the server as "Bearer".
    for (String blank : List.of("", "   ")) {
      HttpResponse<String> response = server.get("/v1/users/alice", null,
          "Authorization", "Bearer " + blank);
      assertError(response, 401, "unauthenticated", "the bearer token is empty");
      assertTrue(header(response, "WWW-Authenticate").contains("error=\"invalid_request\""));
    }
    TestServer.RawResponse raw = server.rawGet("/v1/users/alice", "");
    assertEquals(raw.body(), 401, raw.status());
    assertTrue(raw.body(), raw.body().contains("the bearer token is empty"));
  }

  @Test
  public void serviceTokenReadsEverythingAndAWrongOneIsRefused() {
    assertEquals(200, server.get("/v1/docs/count:users:all", SERVICE_TOKEN).statusCode());
    assertEquals(200, server.get("/v1/feeds/bob/0", SERVICE_TOKEN).statusCode());
    HttpResponse<String> wrong = server.get("/v1/users/alice", SERVICE_TOKEN + "x");
    assertError(wrong, 401, "invalid_token", "not an accepted service token");
    assertTrue(header(wrong, "WWW-Authenticate").contains("error=\"invalid_token\""));
  }

  @Test
  public void aUserReadsTheirOwnFeedChatsStatsAndTokens() {
    for (String path : List.of("/v1/feeds/alice/0", "/v1/chats/alice", "/v1/chats/alice?page=1",
        "/v1/users/alice/stats", "/v1/users/alice/tokens")) {
      assertEquals(path, 200, server.get(path, alice).statusCode());
    }
  }

  @Test
  public void aUserCannotReadAnotherUsersPrivateDocuments() {
    for (String path : List.of("/v1/feeds/bob/0", "/v1/chats/bob", "/v1/users/bob/stats",
        "/v1/users/bob/tokens", "/v1/users/zed/stats")) {
      HttpResponse<String> response = server.get(path, alice);
      assertError(response, 403, "forbidden", "user alice may not read");
    }
  }

  @Test
  public void aUserReadsPublicCardsButNotMatchesCountsAnalyticsOrRawKeys() {
    for (String path : List.of("/v1/users/bob", "/v1/posts/p1", "/v1/media/m1")) {
      assertEquals(path, 200, server.get(path, alice).statusCode());
    }
    for (String path : List.of("/v1/matches/alice", "/v1/counts/users/all",
        "/v1/analytics/dau/2026-11-20")) {
      assertError(server.get(path, alice), 403, "forbidden", "may not read");
    }
    assertError(server.get("/v1/docs/feed:alice:0", alice), 403, "forbidden", "for services");
    assertError(server.post("/v1/docs:batchGet", alice, "{\"keys\":[\"feed:alice:0\"]}"),
        403, "forbidden", "for services");
    assertError(server.get("/metrics", alice), 403, "forbidden", "not a user token");
  }

  @Test
  public void expiredTokensAreRefusedBeyondTheClockSkew() {
    Date twoMinutesAgo = Date.from(TestDocuments.NOW.minusSeconds(120));
    assertUnauthenticated(tokens.idToken("alice", c -> c.expirationTime(twoMinutesAgo)),
        "Expired JWT");
    Date tenSecondsAgo = Date.from(TestDocuments.NOW.minusSeconds(10));
    assertEquals(200, server.get("/v1/feeds/alice/0",
        tokens.idToken("alice", c -> c.expirationTime(tenSecondsAgo))).statusCode());
  }

  @Test
  public void requiredClaimsThatAreNullOrOfAnotherTypeAreRefused() {
    long issued = TestDocuments.NOW.minusSeconds(60).getEpochSecond();
    String valid = "\"iss\":\"" + TestTokens.ISSUER + "\",\"aud\":\"" + TestTokens.PROJECT
        + "\",\"auth_time\":" + issued;
    String sub = "\"sub\":\"alice\"";
    String exp = "\"exp\":" + (issued + 3600);
    String iat = "\"iat\":" + issued;
    assertEquals(200, server.get("/v1/feeds/alice/0",
        tokens.withPayload("{" + String.join(",", valid, sub, exp, iat) + "}")).statusCode());
    assertUnauthenticated(tokens.withPayload(
        "{" + String.join(",", valid, sub, "\"exp\":null", iat) + "}"), "expiry (exp)");
    assertUnauthenticated(tokens.withPayload(
        "{" + String.join(",", valid, sub, "\"exp\":\"never\"", iat) + "}"), "member exp");
    assertUnauthenticated(tokens.withPayload(
        "{" + String.join(",", valid, "\"sub\":null", exp, iat) + "}"), "subject (sub)");
    assertUnauthenticated(tokens.withPayload(
        "{" + String.join(",", valid, sub, exp, "\"iat\":null") + "}"), "issue time (iat)");
  }

  @Test
  public void tokensFromTheFutureAreRefused() {
    Date inFiveMinutes = Date.from(TestDocuments.NOW.plusSeconds(300));
    assertUnauthenticated(tokens.idToken("alice", c -> c.issueTime(inFiveMinutes)),
        "issued in the future");
    assertUnauthenticated(tokens.idToken("alice", c -> c.notBeforeTime(inFiveMinutes)),
        "JWT before use time");
    assertUnauthenticated(tokens.idToken("alice",
        c -> c.claim("auth_time", inFiveMinutes.getTime() / 1000)), "authenticated in the future");
  }

  @Test
  public void wrongKeysAlgorithmsIssuersAndAudiencesAreRefused() throws Exception {
    assertUnauthenticated(tokens.signedBy(tokens.impostorKey, "alice"), "Invalid signature");
    assertUnauthenticated(tokens.signedBy(
        new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID("kid-2").generate(), "alice"),
        "no matching key");
    assertUnauthenticated(tokens.hs256("alice"), "refused");
    assertUnauthenticated(tokens.unsigned("alice"), "refused");
    assertUnauthenticated(tokens.idToken("alice", c -> c.audience("other-project")),
        "audience");
    assertUnauthenticated(tokens.idToken("alice",
        c -> c.issuer("https://securetoken.google.com/other-project")), "iss");
    assertUnauthenticated(tokens.idToken("alice", c -> c.subject(null)), "sub");
    assertUnauthenticated("a.b.c", "not a JWT");
  }

  @Test
  public void aForbiddenAnswerDoesNotTellWhetherTheDocumentExists() {
    String existing = server.get("/v1/users/bob/stats", alice).body();
    String missing = server.get("/v1/users/zed/stats", alice).body();
    assertEquals(existing.replace("bob", "zed"), missing);
  }

  @Test
  public void issuedAtIsCheckedAgainstTheServersClock() {
    // The server's clock is fixed at NOW; a token minted an hour later is from its future.
    Instant later = TestDocuments.NOW.plusSeconds(3600);
    assertUnauthenticated(tokens.idToken("alice", c -> c.issueTime(Date.from(later))
        .expirationTime(Date.from(later.plusSeconds(3600)))), "future");
  }
}
