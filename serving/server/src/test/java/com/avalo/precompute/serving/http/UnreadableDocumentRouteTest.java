package com.avalo.precompute.serving.http;

import static com.avalo.precompute.serving.http.TestServer.SERVICE_TOKEN;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** A stored row that is not a cache document: 500 for its key, with no store internals. */
public class UnreadableDocumentRouteTest {
  @Rule public final TemporaryFolder dir = new TemporaryFolder();

  @Test
  public void aBrokenDocumentAnswers500ForItsKeyAndNothingElse() throws Exception {
    Path folder = dir.newFolder().toPath();
    try (TestServer server = new TestServer(folder, config -> { })) {
      try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("cache.db"));
          Statement insert = sql.createStatement()) {
        insert.execute("INSERT INTO cache_documents VALUES"
            + " ('user:broken', 'profile', 4102444800000, 'x', '{not json')");
      }
      HttpResponse<String> broken = server.get("/v1/users/broken", SERVICE_TOKEN);
      assertEquals(broken.body(), 500, broken.statusCode());
      assertTrue(broken.body(), broken.body().contains("\"error\":\"unreadable_document\""));
      assertTrue(broken.body(), broken.body().contains("'user:broken'"));
      assertFalse("no store path or parser detail: " + broken.body(),
          broken.body().contains("cache.db") || broken.body().contains("Unexpected character"));
      assertEquals(200, server.get("/v1/users/alice", SERVICE_TOKEN).statusCode());
      assertEquals(200, server.get("/readyz", null).statusCode());
    }
  }
}
