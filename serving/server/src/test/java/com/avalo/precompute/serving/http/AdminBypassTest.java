package com.avalo.precompute.serving.http;

import static com.avalo.precompute.serving.http.DocumentRoutesTest.assertError;
import static com.avalo.precompute.serving.http.TestServer.SERVICE_TOKEN;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.serving.CacheClient;
import com.avalo.precompute.serving.store.SqliteCacheStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code /admin/cache-bypass} flips a real {@code CacheClient}'s bypass: reads then go to the
 * origin loader; only service tokens may look or flip; a server built without flags has no such
 * route.
 */
public class AdminBypassTest {
  @Rule public final TemporaryFolder dir = new TemporaryFolder();
  private static final TestTokens tokens = new TestTokens();
  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicInteger originCalls = new AtomicInteger();
  private SqliteCacheStore store;
  private CacheClient client;
  private ServingHttpServer server;

  @Before
  public void start() throws IOException {
    store = SqliteCacheStore.open(dir.newFolder().toPath().resolve("cache.db"));
    store.write(TestDocuments.all());
    client = CacheClient.builder(store)
        .clock(Clock.fixed(TestDocuments.NOW, ZoneOffset.UTC))
        .originLoader(DocumentType.USER_STATS, key -> {
          originCalls.incrementAndGet();
          return store.get(key.value());
        })
        .build();
    server = ServingHttpServer.builder()
        .config(ServingHttpConfig.builder().port(0).serviceToken(SERVICE_TOKEN)
            .jwt(tokens.settings(tokens.writeJwks(dir.newFolder().toPath()).toString())).build())
        .reads(client)
        .featureFlags(client.featureFlags())
        .clock(Clock.fixed(TestDocuments.NOW, ZoneOffset.UTC))
        .build()
        .start();
  }

  @After
  public void stop() {
    server.stop();
    client.close();
  }

  @Test
  public void flippingTheBypassSendsReadsToTheOriginAndBack() {
    assertEquals("store", get("/v1/docs/user:alice:stats", SERVICE_TOKEN).headers()
        .firstValue("X-Cache-Layer").orElseThrow());
    assertEquals("{\"bypassCache\":false}", get(AdminRoutes.BYPASS_PATH, SERVICE_TOKEN).body());

    HttpResponse<String> on = put("{\"bypassCache\": true}", SERVICE_TOKEN);
    assertEquals(on.body(), 200, on.statusCode());
    assertEquals("{\"bypassCache\":true}", on.body());
    assertTrue(client.featureFlags().bypassCache());
    HttpResponse<String> bypassed = get("/v1/docs/user:alice:stats", SERVICE_TOKEN);
    assertEquals(bypassed.body(), 200, bypassed.statusCode());
    assertEquals("origin", bypassed.headers().firstValue("X-Cache-Layer").orElseThrow());
    assertEquals(1, originCalls.get());

    assertEquals("{\"bypassCache\":false}", put("{\"bypassCache\": false}", SERVICE_TOKEN).body());
    assertEquals("what memory held from before the bypass is not served again", "store",
        get("/v1/docs/user:alice:stats", SERVICE_TOKEN).headers().firstValue("X-Cache-Layer")
            .orElseThrow());
    assertEquals("memory", get("/v1/docs/user:alice:stats", SERVICE_TOKEN).headers()
        .firstValue("X-Cache-Layer").orElseThrow());
    assertEquals(1, originCalls.get());
  }

  @Test
  public void onlyServiceTokensMayLookOrFlip() {
    assertError(put("{\"bypassCache\": true}", tokens.idToken("alice")), 403, "forbidden",
        "service tokens only");
    assertError(get(AdminRoutes.BYPASS_PATH, tokens.idToken("alice")), 403, "forbidden",
        "service tokens only");
    assertEquals(401, put("{\"bypassCache\": true}", "not-a-token").statusCode());
    assertEquals(401, put("{\"bypassCache\": true}", null).statusCode());
    assertFalse(client.featureFlags().bypassCache());
  }

  @Test
  public void aBodyThatIsNotABooleanIsRefused() {
    // The last three turned the bypass on: the last of two fields won, and what followed the
    // object, or a field beside it, went unread.
    for (String body : new String[] {"", "true", "{\"bypassCache\": \"yes\"}", "{\"bypass\": true}",
        "{not json", "{\"bypassCache\": false, \"bypassCache\": true}", "{\"bypassCache\": true} x",
        "{\"bypassCache\": true, \"until\": \"later\"}"}) {
      assertError(put(body, SERVICE_TOKEN), 400, "bad_request", "{\"bypassCache\": true|false}");
    }
    assertFalse(client.featureFlags().bypassCache());
  }

  @Test
  public void withoutFlagsTheRouteIsAbsent() throws IOException {
    try (TestServer plain = new TestServer(dir.newFolder().toPath(), config -> {})) {
      assertError(plain.get(AdminRoutes.BYPASS_PATH, SERVICE_TOKEN), 404, "not_found",
          "no route GET /admin/cache-bypass");
    }
  }

  private HttpResponse<String> get(String path, String token) {
    return send(request(path, token).GET());
  }

  private HttpResponse<String> put(String body, String token) {
    return send(request(AdminRoutes.BYPASS_PATH, token)
        .PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  private HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    return token == null ? request : request.header("Authorization", "Bearer " + token);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
