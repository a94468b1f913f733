package com.avalo.precompute.serving.http;

import static com.avalo.precompute.serving.http.TestServer.SERVICE_TOKEN;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.CacheKey;
import com.avalo.precompute.schemas.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Every document route, read with the service token, against the SQLite-backed double. */
public class DocumentRoutesTest {
  @ClassRule public static final TemporaryFolder DIR = new TemporaryFolder();
  private static TestServer server;
  private static Map<String, CacheDocument> docs;

  @BeforeClass
  public static void start() throws IOException {
    server = new TestServer(DIR.newFolder().toPath(), config -> config.maxBatchKeys(5));
    docs = new java.util.HashMap<>();
    TestDocuments.all().forEach(doc -> docs.put(doc.key(), doc));
  }

  @AfterClass
  public static void stop() {
    server.close();
  }

  private static HttpResponse<String> get(String path, String... headers) {
    return server.get(path, SERVICE_TOKEN, headers);
  }

  /** A typed route answers 200 with the payload of the document, and its freshness headers. */
  private static void assertPayload(String path, String key) {
    HttpResponse<String> response = get(path);
    CacheDocument doc = docs.get(key);
    assertEquals(path + " " + response.body(), 200, response.statusCode());
    // Canonical JSON: equal content hash, equal bytes, as a strong ETag promises.
    assertEquals(new String(Json.canonicalBytes(doc.payload()), UTF_8), response.body());
    assertEquals("\"" + doc.contentHash() + "\"", header(response, "ETag"));
    assertEquals("store", header(response, "X-Cache-Layer"));
    assertEquals("false", header(response, "X-Cache-Stale"));
    assertEquals(doc.asOf().toString(), header(response, "X-Cache-As-Of"));
    assertTrue(header(response, "Content-Type").startsWith("application/json"));
    assertEquals(header(response, "Cache-Control"), CacheKey.parse(key).type().isPaged(),
        header(response, "Cache-Control").equals("private, no-cache"));
  }

  @Test
  public void everyTypedRouteAnswersThePayload() {
    assertPayload("/v1/users/alice", "user:alice");
    assertPayload("/v1/users/alice/stats", "user:alice:stats");
    assertPayload("/v1/users/alice/tokens", "user:alice:tokens");
    assertPayload("/v1/feeds/alice/0", "feed:alice:0");
    assertPayload("/v1/matches/alice", "matches:alice");
    assertPayload("/v1/chats/alice", "chats:alice");
    assertPayload("/v1/chats/alice?page=0", "chats:alice");
    assertPayload("/v1/chats/alice?page=1", "chats:alice:1");
    assertPayload("/v1/counts/users/all", "count:users:all");
    // The key's filter segment, percent-encoded once more as a path segment.
    assertPayload("/v1/counts/users/city=S%25C3%25A3o%2BPaulo", "count:users:city=S%C3%A3o+Paulo");
    assertPayload("/v1/analytics/dau/2026-11-20", "analytics:dau:2026-11-20");
    assertPayload("/v1/posts/p1", "post:p1");
    assertPayload("/v1/media/m1", "media:m1");
  }

  /**
   * A key holding {@code %2B} (a '+' in a filter value or metric, as CacheKey.encodeValue writes
   * it) travels as {@code %252B}; decoded twice, it was read as the key of a space ("UTC 5").
   */
  @Test
  public void aKeyHoldingAnEscapedPlusIsReadAsThatKey() {
    assertPayload("/v1/counts/users/tz=UTC%252B5", "count:users:tz=UTC%2B5");
    assertPayload("/v1/analytics/api.%252Fv1%252Fa%252Bb/2026-11-20",
        "analytics:api.%2Fv1%2Fa%2Bb:2026-11-20");
    HttpResponse<String> raw = get("/v1/docs/count:users:tz=UTC%252B5");
    assertEquals(raw.body(), 200, raw.statusCode());
    assertEquals(docs.get("count:users:tz=UTC%2B5").toJson(), raw.body());
    // A '+' in a path stands for itself, as it did before: here the key of "UTC 5".
    assertPayload("/v1/counts/users/tz=UTC+5", "count:users:tz=UTC+5");
    assertEquals(docs.get("count:users:tz=UTC+5").toJson(),
        get("/v1/docs/count:users:tz=UTC+5").body());
  }

  @Test
  public void rawKeyAnswersTheEnvelopeWithAWeakETag() {
    HttpResponse<String> response = get("/v1/docs/user:alice:stats");
    assertEquals(200, response.statusCode());
    CacheDocument doc = docs.get("user:alice:stats");
    assertEquals(doc.toJson(), response.body());
    assertEquals("W/\"" + doc.contentHash() + "\"", header(response, "ETag"));
    assertEquals("private, max-age=300", header(response, "Cache-Control"));
  }

  @Test
  public void matchingIfNoneMatchAnswers304WithHeadersAndNoBody() {
    String etag = header(get("/v1/users/alice"), "ETag");
    HttpResponse<String> response = get("/v1/users/alice", "If-None-Match", etag);
    assertEquals(304, response.statusCode());
    assertEquals("", response.body());
    assertEquals(etag, header(response, "ETag"));
    assertEquals("private, max-age=300", header(response, "Cache-Control"));
    assertEquals("store", header(response, "X-Cache-Layer"));
    assertEquals("the 200's type", header(get("/v1/users/alice"), "Content-Type"),
        header(response, "Content-Type"));

    assertEquals(304, get("/v1/docs/user:alice", "If-None-Match", "\"x\", W/" + etag).statusCode());
    assertEquals(304, get("/v1/users/alice", "If-None-Match", "*").statusCode());
    assertEquals(200, get("/v1/users/alice", "If-None-Match", "\"sha256:other\"").statusCode());
  }

  @Test
  public void a304SendsNoContentLength() {
    // RFC 9110 8.6: a 304's Content-Length, if any, is the 200's; 0 would tell a cache the
    // stored body is empty.
    for (String path : new String[] {"/v1/users/alice", "/v1/docs/user:alice"}) {
      String etag = header(get(path), "ETag");
      HttpResponse<String> response = get(path, "If-None-Match", etag);
      assertEquals(304, response.statusCode());
      assertEquals(path, null, header(response, "Content-Length"));
      assertEquals(path, null, header(response, "Transfer-Encoding"));
    }
  }

  @Test
  public void cacheControlCountsDownToExpiryAndStaleDocumentsAreNoCache() {
    // Fixed clock at NOW: alice's profile expires in 5 min, feed in 1 min, chats in 30 s.
    assertEquals("private, max-age=300", header(get("/v1/users/alice"), "Cache-Control"));
    // Pages are asked again each time (a 304 when unchanged): a page 0 kept for its max-age
    // would be sent back after a 409 list_changed, and refused again, until it expired.
    assertEquals("private, no-cache", header(get("/v1/feeds/alice/0"), "Cache-Control"));
    assertEquals("private, no-cache", header(get("/v1/chats/alice"), "Cache-Control"));
    // 2.5 s left floors to 2, never outliving the document.
    assertEquals("private, max-age=2", header(get("/v1/users/dave"), "Cache-Control"));
    // Expired 10 s ago: still served (the reader decides), but marked stale and not cacheable.
    HttpResponse<String> stale = get("/v1/users/carol");
    assertEquals(200, stale.statusCode());
    assertEquals("private, no-cache", header(stale, "Cache-Control"));
    assertEquals("true", header(stale, "X-Cache-Stale"));
  }

  @Test
  public void batchGetAnswersEveryDistinctKeyInOrder() {
    HttpResponse<String> response = server.post("/v1/docs:batchGet", SERVICE_TOKEN,
        "{\"keys\": [\"user:alice\", \"user:nobody\", \"post:p1\", \"user:alice\"]}");
    assertEquals(response.body(), 200, response.statusCode());
    assertEquals("no-store", header(response, "Cache-Control"));
    JsonNode results = Json.read(response.body()).get("results");
    assertEquals(3, results.size());
    assertEquals("user:alice", results.get(0).get("key").asText());
    assertEquals(200, results.get(0).get("status").asInt());
    assertEquals("store", results.get(0).get("layer").asText());
    assertEquals("private, max-age=300", results.get(0).get("cacheControl").asText());
    assertEquals(docs.get("user:alice").toJson(), results.get(0).get("document").toString());
    assertEquals(404, results.get(1).get("status").asInt());
    assertTrue(results.get(1).get("document") == null);
    assertEquals("post:p1", results.get(2).get("key").asText());
  }

  @Test
  public void missingDocumentsAndUnknownRoutesAre404Json() {
    assertError(get("/v1/users/nobody"), 404, "not_found", "user:nobody");
    assertError(get("/v1/docs/feed:alice:7"), 404, "not_found", "feed:alice:7");
    assertError(get("/v1/widgets/alice"), 404, "not_found", "no route GET /v1/widgets/alice");
    assertError(get("/nothing"), 404, "not_found", "no route");
  }

  @Test
  public void aKnownPathWithAnotherMethodIs405NamingTheMethodsItAnswers() {
    HttpResponse<String> posted = server.post("/v1/users/alice", SERVICE_TOKEN, "{}");
    assertError(posted, 405, "method_not_allowed", "POST /v1/users/alice is not answered");
    assertTrue(header(posted, "Allow"), header(posted, "Allow").contains("GET"));
    HttpResponse<String> gotBatch = get("/v1/docs:batchGet");
    assertError(gotBatch, 405, "method_not_allowed", "this path answers POST");
    assertEquals("POST", header(gotBatch, "Allow"));
    assertError(server.post("/v1/widgets/alice", SERVICE_TOKEN, "{}"), 404, "not_found",
        "no route POST /v1/widgets/alice");
  }

  @Test
  public void badKeysAre400WithTheGrammarMessage() {
    assertError(get("/v1/docs/user:alice:likes"), 400, "invalid_key", "':stats' or ':tokens'");
    assertError(get("/v1/docs/widget:1"), 400, "invalid_key", "unknown key prefix 'widget'");
    assertError(get("/v1/feeds/alice/first"), 400, "invalid_key", "page 'first'");
    assertError(get("/v1/chats/alice?page=-1"), 400, "invalid_key", "?page= must be a page number");
    assertError(get("/v1/chats/alice?page=abc"), 400, "invalid_key", "from 0 to 999999, was 'abc'");
    assertError(get("/v1/chats/alice?page=00"), 400, "invalid_key", "was '00'");
    assertError(get("/v1/counts/widgets/all"), 400, "invalid_key", "unknown collection");
    assertError(get("/v1/analytics/dau/yesterday"), 400, "invalid_key", "period 'yesterday'");
    assertError(get("/v1/users/a%20b"), 400, "invalid_key", "id 'a b'");
    // A ':' in a parameter could spell another key (user:alice:stats through /v1/users/{uid}).
    assertError(get("/v1/users/alice:stats"), 400, "invalid_key", "must not contain ':'");
    assertError(server.post("/v1/docs:batchGet", SERVICE_TOKEN, "{\"keys\": [\"user:\"]}"),
        400, "invalid_key", "invalid cache key 'user:'");
    assertError(server.post("/v1/docs:batchGet", SERVICE_TOKEN, "{\"keys\": [1]}"),
        400, "bad_request", "must be a string");
    assertError(server.post("/v1/docs:batchGet", SERVICE_TOKEN, "{\"keys\": []}"),
        400, "bad_request", "at least one key");
    assertError(server.post("/v1/docs:batchGet", SERVICE_TOKEN, "keys=user:alice"),
        400, "bad_request", "not JSON");
    assertError(server.post("/v1/docs:batchGet", SERVICE_TOKEN, "{\"keys\": [\"user:alice\"]} trailing"),
        400, "bad_request", "not JSON");
    assertError(server.post("/v1/docs:batchGet", SERVICE_TOKEN,
        "{\"keys\": [\"user:alice\"], \"keys\": [\"user:bob\"]}"), 400, "bad_request", "Duplicate field 'keys'");
  }

  @Test
  public void aBatchBodyThatIsNotJsonIsNamedInPlainWordsWithItsPosition() {
    // Jackson's own messages named Java types ("bound as `com.fasterxml...JsonNode`",
    // "StreamReadConstraints.getMaxNumberLength()") and quoted the body back ("[Source: (byte[])").
    assertPlainJsonError("{\"keys\": [\"user:alice\"]} {\"keys\": []}",
        "more follows its JSON object at line 1, column 26");
    assertPlainJsonError("{\"keys\": [\"user:alice\"",
        "it ends before its value is complete at line 1, column 23");
    assertPlainJsonError("[1,\n2", "it ends before its value is complete at line 2, column 2");
    assertPlainJsonError("{\n keys: []}", "a syntax error at line 2, column 3");
    assertPlainJsonError("{\"keys\": [\"user:alice\"], \"keys\": [\"user:bob\"]}",
        "Duplicate field 'keys' at line 1, column 32");
    // Jackson knows no position for a limit it enforces.
    assertPlainJsonError("{\"keys\": [1" + "0".repeat(1200) + "]}",
        "a number, string or nesting is past the parser's limits");
    // Three zero bytes first read as UTF-32, and 0x11111111 is no character in it.
    assertPlainJsonError("\u0000\u0000\u0000{\u0011\u0011\u0011\u0011",
        "its first bytes look like UTF-16 or UTF-32 (zero bytes), but what follows is not");
  }

  private static void assertPlainJsonError(String body, String problem) {
    HttpResponse<String> response = server.post("/v1/docs:batchGet", SERVICE_TOKEN, body);
    assertError(response, 400, "bad_request", "the body is not JSON: " + problem);
    String message = Json.read(response.body()).get("message").asText();
    for (String leak : new String[] {"com.fasterxml", "java.", "Source:", "byte[]", "`"}) {
      assertFalse(message, message.contains(leak));
    }
  }

  @Test
  public void aMalformedPercentEscapeInTheQueryIs400NotADroppedParameter() {
    // The query parser drops such a parameter: page 1 was answered as page 0.
    assertRawError("/v1/chats/alice?page=1%ZZ", "malformed percent-escape '%ZZ'");
    assertRawError("/v1/feeds/alice/0?version=v1%2", "'%2' at character 10");
    assertRawError("/v1/chats/alice?page=1&x=%", "encode '%' as %25");
    assertEquals(200, get("/v1/users/alice?x=%2F%e2%82%ac").statusCode());
    assertEquals(200, get("/v1/users/alice?x=100%25").statusCode());
  }

  /** ?listVersion= (the payload's field name) skipped the version check and served any list. */
  @Test
  public void aPageRouteRefusesAQueryParameterItDoesNotRead() {
    assertRawError("/v1/feeds/alice/0?listVersion=v1", "unknown query parameter 'listVersion'");
    assertRawError("/v1/chats/alice?Page=1", "unknown query parameter 'Page'");
    assertEquals(200, get("/v1/chats/alice?page=0").statusCode());
    // A feed page's number is in its path: ?page=3 answered page 0.
    assertRawError("/v1/feeds/alice/0?page=3", "unknown query parameter 'page'");
  }

  /**
   * A parameter given twice is refused, as a field given twice in a JSON body is: the first value
   * was read, so ?version=&version=v2 (blank first) skipped the version check and served a page of
   * whatever list is stored.
   */
  @Test
  public void aPageRouteRefusesAQueryParameterGivenTwice() {
    assertRawError("/v1/feeds/alice/0?version=&version=v2", "'version' is given 2 times");
    assertRawError("/v1/chats/alice?page=0&page=1", "'page' is given 2 times");
    assertRawError("/v1/chats/alice?version=v1-chats&page=1&version=v1-chats",
        "'version' is given 2 times");
    assertEquals(200, get("/v1/feeds/alice/0?version=v1-feed").statusCode());
    assertEquals(200, get("/v1/feeds/alice/0?version=").statusCode());
  }

  private static void assertRawError(String target, String messagePart) {
    TestServer.RawResponse response = server.rawGet(target, SERVICE_TOKEN);
    assertEquals(response.body(), 400, response.status());
    assertTrue(response.body(), response.body().contains("\"error\":\"bad_request\""));
    assertTrue(response.body(), response.body().contains(messagePart));
  }

  @Test
  public void aKeyWithAMalformedPercentEscapeIs400NotAMissingDocument() {
    // The key holds a literal "%ZZ": the path's %25 is a well-formed escape of '%'.
    assertError(get("/v1/docs/count:users:city=%25ZZ"), 400, "invalid_key",
        "'count:users:city=%ZZ': '%ZZ' at character 17 is no percent-escape");
    assertError(get("/v1/counts/users/city=%25ZZ"), 400, "invalid_key", "'%ZZ' at character 17");
    assertError(get("/v1/counts/users/city=S%25C3%252"), 400, "invalid_key", "'%2' at character 21");
    assertError(get("/v1/analytics/api.%25zz/2026-11-20"), 400, "invalid_key", "'%zz'");
    assertError(server.post("/v1/docs:batchGet", SERVICE_TOKEN,
        "{\"keys\": [\"user:alice\", \"count:users:city=a%\"]}"),
        400, "invalid_key", "'%' at character 18");
  }

  @Test
  public void aBatchCountsDistinctKeysAgainstItsLimit() throws Exception {
    String sixOfOne = "{\"keys\": [" + String.join(",", java.util.Collections.nCopies(6, "\"user:alice\"")) + "]}";
    HttpResponse<String> response = server.post("/v1/docs:batchGet", SERVICE_TOKEN, sixOfOne);
    assertEquals(response.body(), 200, response.statusCode());
    assertEquals(1, Json.read(response.body()).get("results").size());
  }

  @Test
  public void oversizedRequestsAre413() {
    String longId = "a".repeat(600);
    assertError(get("/v1/docs/user:" + longId), 413, "request_too_large", "longer than 512 characters (605)");
    assertError(server.post("/v1/docs:batchGet", SERVICE_TOKEN,
        "{\"keys\": [\"user:a\",\"user:b\",\"user:c\",\"user:d\",\"user:e\",\"user:f\"]}"),
        413, "request_too_large", "at most 5 distinct keys");
    // Typed routes build the key from their parameters, and refuse it for its length the same way.
    assertError(get("/v1/users/" + longId), 413, "request_too_large", "longer than 512 characters (605)");
    assertError(get("/v1/counts/users/city=" + longId), 413, "request_too_large", "longer than 512");
    assertError(server.post("/v1/docs:batchGet", SERVICE_TOKEN,
        "{\"keys\": [\"user:" + longId + "\"]}"), 413, "request_too_large", "longer than 512");
    String hugeBody = "{\"keys\": [\"user:a\"], \"pad\": \"" + "x".repeat(70_000) + "\"}";
    assertError(server.post("/v1/docs:batchGet", SERVICE_TOKEN, hugeBody),
        413, "request_too_large", "65536");
  }

  @Test
  public void aRequestTargetOverEitherLimitIs414() {
    // http.max-url-length (2048 by default), checked by the server...
    assertError(get("/v1/users/alice?pad=" + "x".repeat(2100)), 414, "request_too_large",
        "more than 2048");
    // ...and Jetty's 8 KiB header buffer, checked before any route sees the request.
    TestServer.RawResponse pastJetty = server.rawGet("/v1/users/" + "a".repeat(9000), SERVICE_TOKEN);
    assertEquals(pastJetty.body(), 414, pastJetty.status());
    assertTrue(pastJetty.body(), pastJetty.body().contains("\"error\":\"request_too_large\""));
  }

  @Test
  public void storeOutageIs503AndReadyzSaysNotReady() {
    server.reads.failing = true;
    try {
      HttpResponse<String> response = get("/v1/users/alice");
      assertError(response, 503, "store_unavailable", "retry shortly");
      assertFalse("the store's error stays in the log", response.body().contains("simulated"));
      assertEquals("5", header(response, "Retry-After"));
      HttpResponse<String> readyz = get("/readyz");
      assertError(readyz, 503, "not_ready", "the server log says why");
      assertFalse("anyone may ask /readyz", readyz.body().contains("sqlite:"));
    } finally {
      server.reads.failing = false;
    }
    assertEquals(200, get("/readyz").statusCode());
  }

  /**
   * Memory answering for a store that failed says so: the client must not take the document for
   * what the store holds now, and the request is counted apart from memory's own answers.
   */
  @Test
  public void anAnswerGivenBecauseTheStoreFailedIsMarkedAndCountedApart() {
    server.reads.failing = true;
    server.reads.staleIfError = true;
    try {
      HttpResponse<String> response = get("/v1/posts/p1");
      assertEquals(response.body(), 200, response.statusCode());
      assertEquals("true", header(response, "X-Cache-Store-Failed"));
      assertEquals("true", header(response, "X-Cache-Stale"));
      assertEquals("memory", header(response, "X-Cache-Layer"));
      assertEquals("private, no-cache", header(response, "Cache-Control"));
    } finally {
      server.reads.failing = false;
      server.reads.staleIfError = false;
    }
    HttpResponse<String> fresh = get("/v1/posts/p1");
    assertEquals(null, fresh.headers().firstValue("X-Cache-Store-Failed").orElse(null));
    String text = get("/metrics").body();
    assertTrue(text, text.contains("http_server_requests_seconds_count{layer=\"stale_if_error\","
        + "method=\"GET\",route=\"/v1/posts/{postId}\",status=\"200\"} 1"));
  }

  @Test
  public void headAnswersAsGetDoesWithoutTheBody() {
    HttpResponse<String> got = get("/v1/users/alice");
    HttpResponse<String> head = server.head("/v1/users/alice", SERVICE_TOKEN);
    assertEquals(200, head.statusCode());
    assertEquals("", head.body());
    assertEquals(header(got, "ETag"), header(head, "ETag"));
    assertEquals(401, server.head("/v1/users/alice", null).statusCode());
    assertEquals(404, server.head("/v1/users/nobody", SERVICE_TOKEN).statusCode());
    assertEquals(200, server.head("/readyz", null).statusCode());
    server.reads.failing = true;
    try {
      assertEquals(503, server.head("/readyz", null).statusCode());
    } finally {
      server.reads.failing = false;
    }
  }

  @Test
  public void healthAndReadinessNeedNoToken() {
    HttpResponse<String> health = server.get("/healthz", null);
    assertEquals(200, health.statusCode());
    assertEquals("up", Json.read(health.body()).get("status").asText());
    HttpResponse<String> ready = server.get("/readyz", null);
    assertEquals(200, ready.statusCode());
    assertEquals("ready", Json.read(ready.body()).get("status").asText());
  }

  @Test
  public void metricsCountRequestsPerRouteAndStatus() {
    get("/v1/posts/p1");
    get("/v1/posts/nope");
    get("/healthz");
    HttpResponse<String> metrics = get("/metrics");
    assertEquals(200, metrics.statusCode());
    assertTrue(header(metrics, "Content-Type").startsWith("text/plain"));
    String text = metrics.body();
    assertTrue(text, text.contains("http_server_requests_seconds_count{layer=\"store\","
        + "method=\"GET\",route=\"/v1/posts/{postId}\",status=\"200\"}"));
    assertTrue("answers without a layer", text.contains("http_server_requests_seconds_count{"
        + "layer=\"none\",method=\"GET\",route=\"/healthz\""));
    assertTrue(text, text.contains("route=\"/v1/posts/{postId}\",status=\"404\""));
    assertTrue(text, text.contains("http_server_requests_seconds_bucket{"));
    assertTrue(text, text.contains("avalo_serving_http_reads_total{layer=\"store\",outcome=\"hit\"}"));
    assertEquals(401, server.get("/metrics", null).statusCode());
  }

  @Test
  public void requestsRefusedBeforeTheirHandlerAreCountedUnderTheirRoute() {
    assertEquals(405, server.post("/v1/matches/alice", SERVICE_TOKEN, "{}").statusCode());
    assertEquals(414, get("/v1/matches/alice?pad=" + "x".repeat(2100)).statusCode());
    assertEquals(400, server.rawGet("/v1/matches/alice?x=%ZZ", SERVICE_TOKEN).status());
    assertEquals(404, get("/v1/widgets/alice").statusCode());
    String text = server.registry.scrape();
    assertTrue(text, text.contains("method=\"POST\",route=\"/v1/matches/{uid}\",status=\"405\""));
    assertTrue(text, text.contains("method=\"GET\",route=\"/v1/matches/{uid}\",status=\"414\""));
    assertTrue(text, text.contains("method=\"GET\",route=\"/v1/matches/{uid}\",status=\"400\""));
    assertTrue(text, text.contains("method=\"GET\",route=\"unmatched\",status=\"404\""));
  }

  static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  static void assertError(HttpResponse<String> response, int status, String code, String text) {
    assertEquals(response.body(), status, response.statusCode());
    JsonNode body = Json.read(response.body());
    assertEquals(response.body(), code, body.get("error").asText());
    assertTrue(response.body(), body.get("message").asText().contains(text));
    assertTrue(header(response, "Content-Type").startsWith("application/json"));
  }
}
