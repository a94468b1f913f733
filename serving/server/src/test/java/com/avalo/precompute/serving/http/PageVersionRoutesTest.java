package com.avalo.precompute.serving.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.ChatList;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.schemas.FeedPage;
import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.serving.CacheClient;
import com.avalo.precompute.serving.store.SqliteCacheStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Over HTTP, through a real {@link CacheClient}: a page asked for with {@code ?version=} of the
 * page the caller holds is answered only when it is of that version; otherwise 409, saying
 * whether to start again from page 0 or to retry shortly. Every page answer names its version.
 */
public class PageVersionRoutesTest {
  private static final String TOKEN = "service-token-for-page-versions-0123";
  private static final Instant NOW = Instant.now();

  @Rule public TemporaryFolder dir = new TemporaryFolder();
  private SqliteCacheStore store;
  private ServingHttpServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @Before
  public void start() throws Exception {
    store = SqliteCacheStore.open(dir.getRoot().toPath().resolve("cache.db"));
    server = ServingHttpServer.builder()
        .config(ServingHttpConfig.builder().port(0).serviceToken(TOKEN).build())
        .reads(CacheClient.builder(SqliteCacheStore.open(dir.getRoot().toPath().resolve("cache.db")))
            .build())
        .build().start();
  }

  @After
  public void stop() {
    server.stop();
    store.close();
  }

  @Test
  public void aFeedPageOfAnotherVersionIsAConflictNotAnAnswer() throws Exception {
    writeFeed("v1", 0, 2);
    HttpResponse<String> first = get("/v1/feeds/ana/0");
    assertEquals(200, first.statusCode());
    assertEquals("v1", first.headers().firstValue("X-List-Version").orElseThrow());
    assertEquals("v1", Json.read(first.body()).get("listVersion").asText());
    assertEquals(200, get("/v1/feeds/ana/1?version=v1").statusCode());

    writeFeed("v2", 0, 2); // a newer run; pages 0 and 1 of v1 are still in the service's memory
    assertEquals("memory still holds v1", "v1",
        get("/v1/feeds/ana/0").headers().firstValue("X-List-Version").orElseThrow());
    assertEquals("a whole older list from memory is still one list", 200,
        get("/v1/feeds/ana/1?version=v1").statusCode());
    HttpResponse<String> changed = get("/v1/feeds/ana/2?version=v1"); // not in memory: v2
    assertEquals(changed.body(), 409, changed.statusCode());
    assertEquals("list_changed", Json.read(changed.body()).get("error").asText());
    assertEquals("v2", changed.headers().firstValue("X-List-Version").orElseThrow());
    assertEquals("page 0 was reread on the way", "v2",
        get("/v1/feeds/ana/0").headers().firstValue("X-List-Version").orElseThrow());
    assertEquals(200, get("/v1/feeds/ana/2?version=v2").statusCode());
    assertEquals("page 1 of v1 in memory is reread for a v2 reader", 200,
        get("/v1/feeds/ana/1?version=v2").statusCode());
    assertEquals("v2", get("/v1/feeds/ana/1").headers().firstValue("X-List-Version").orElseThrow());
  }

  @Test
  public void aListBeingWrittenAsksToRetry() throws Exception {
    writeFeed("v2", 0, 0);
    writeFeed("v1", 1, 1); // page 1 not yet rewritten
    HttpResponse<String> mixed = get("/v1/feeds/ana/1?version=v2");
    assertEquals(409, mixed.statusCode());
    assertEquals("list_being_written", Json.read(mixed.body()).get("error").asText());
    assertEquals("1", mixed.headers().firstValue("Retry-After").orElseThrow());
  }

  @Test
  public void chatPagesAreCheckedTheSameWay() throws Exception {
    store.write(List.of(chats(0, "c1"), chats(1, "c1")));
    assertEquals(200, get("/v1/chats/ana?page=1&version=c1").statusCode());
    HttpResponse<String> changed = get("/v1/chats/ana?page=1&version=c0");
    assertEquals(409, changed.statusCode());
    assertTrue(changed.body(), changed.body().contains("read it again from page 0"));
  }

  @Test
  public void aListThatIsGoneIsNotFoundRatherThanAVersionNull() throws Exception {
    HttpResponse<String> gone = get("/v1/feeds/nobody/0?version=v1");
    assertEquals(gone.body(), 404, gone.statusCode());
    assertEquals("not_found", Json.read(gone.body()).get("error").asText());
    assertTrue(gone.body(), gone.body().contains("of a list of version v1: the list is gone"));
    assertTrue(gone.headers().firstValue("X-List-Version").isEmpty());
  }

  private void writeFeed(String version, int fromPage, int toPage) {
    for (int page = fromPage; page <= toPage; page++) {
      FeedPage payload = new FeedPage("ana", page, 3, 1, 3, List.of(new FeedPage.Candidate(
          "c" + page, "Bea", 29, "Porto", 12, 4, List.of(), 0.9)), version);
      store.write(List.of(CacheDocument.of(DocumentType.FEED_PAGE.key("ana", page), payload,
          new CacheDocument.Provenance("feeds", "run-" + version, NOW, NOW),
          NOW.plus(Duration.ofHours(6)))));
    }
  }

  private static CacheDocument chats(int page, String version) {
    return CacheDocument.of(DocumentType.CHATS.key("ana", page),
        new ChatList("ana", page, 2, 0, List.of(), version),
        new CacheDocument.Provenance("chats", "run-" + version, NOW, NOW), NOW.plusSeconds(3600));
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .header("Authorization", "Bearer " + TOKEN).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
