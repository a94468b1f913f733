package com.avalo.precompute.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;

import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.serving.store.SqliteCacheStore;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** {@code precompute get} reads through a CacheClient: what the service would answer, and its exit codes. */
public class GetCommandTest {
  @Rule public final TemporaryFolder dir = new TemporaryFolder();
  private String store;

  @Before
  public void writeStore() {
    Path db = dir.getRoot().toPath().resolve("cache.db");
    Instant now = Instant.now();
    try (SqliteCacheStore sqlite = SqliteCacheStore.open(db)) {
      sqlite.write(List.of(
          CliRuns.stats("alice", now, now.plus(Duration.ofHours(1))),
          // Expired a minute ago: inside the default 5-minute stale window, served stale.
          CliRuns.stats("bob", now.minus(Duration.ofHours(1)), now.minus(Duration.ofMinutes(1))),
          // Expired a day ago: past the stale window, so serving answers nothing.
          CliRuns.stats("carol", now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)))));
    }
    store = "--store=sqlite:" + db;
  }

  @Test
  public void printsTheDocument() {
    CliRuns.Result result = CliRuns.run("get", "user:alice:stats", store);
    assertEquals(result.err(), 0, result.exitCode());
    JsonNode document = Json.read(result.out());
    assertEquals("user:alice:stats", document.get("key").asText());
    assertEquals(12, document.get("payload").get("likesReceived").asInt());
  }

  @Test
  public void printsOnlyThePayloadWhenAsked() {
    CliRuns.Result result = CliRuns.run("get", "user:alice:stats", store, "--payload");
    assertEquals(result.err(), 0, result.exitCode());
    JsonNode payload = Json.read(result.out());
    assertEquals("alice", payload.get("uid").asText());
    assertEquals(null, payload.get("key"));
  }

  @Test
  public void aDocumentInsideTheStaleWindowIsPrintedWithANote() {
    CliRuns.Result result = CliRuns.run("get", "user:bob:stats", store);
    assertEquals(result.err(), 0, result.exitCode());
    assertThat(result.err(), startsWith("note: this document expired at "));
    assertEquals("user:bob:stats", Json.read(result.out()).get("key").asText());
  }

  @Test
  public void aDocumentPastTheStaleWindowReadsAsMissing() {
    CliRuns.Result result = CliRuns.run("get", "user:carol:stats", store);
    assertEquals(1, result.exitCode());
    assertThat(result.err(), containsString("expired past the stale window"));
    assertEquals("", result.out());
  }

  @Test
  public void aMissingDocumentExitsOne() {
    CliRuns.Result result = CliRuns.run("get", "user:nobody:stats", store);
    assertEquals(1, result.exitCode());
    assertThat(result.err(), startsWith("error: no document under 'user:nobody:stats' in sqlite:"));
    assertEquals("", result.out());
  }

  @Test
  public void anUnreadableDocumentExitsOneWithALineNotAStackTrace() throws Exception {
    String db = store.substring("--store=sqlite:".length());
    try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement insert = sql.createStatement()) {
      insert.execute("INSERT INTO cache_documents VALUES"
          + " ('user:dave:stats', 'user_stats', 4102444800000, 'x', '{not json')");
    }
    CliRuns.Result result = CliRuns.run("get", "user:dave:stats", store);
    assertEquals(1, result.exitCode());
    assertThat(result.err(), startsWith("error: the stored document 'user:dave:stats' cannot be read"));
    assertThat(result.err(), containsString("hint: rerun the job that writes it"));
    assertEquals(result.err(), 2, result.err().lines().count());
  }

  @Test
  public void anInvalidKeyExitsTwo() {
    CliRuns.Result result = CliRuns.run("get", "users:alice", store);
    assertEquals(2, result.exitCode());
    assertThat(result.err(), startsWith("error: "));
    assertEquals(1, result.err().lines().count());
  }

  @Test
  public void aStoreFileThatDoesNotExistExitsTwoWithoutCreatingIt() {
    Path missing = dir.getRoot().toPath().resolve("typo.db");
    CliRuns.Result result = CliRuns.run("get", "user:alice:stats", "--store=sqlite:" + missing);
    assertEquals(2, result.exitCode());
    assertThat(result.err(), containsString("there is no store file at " + missing));
    assertEquals(false, missing.toFile().exists());
  }
}
