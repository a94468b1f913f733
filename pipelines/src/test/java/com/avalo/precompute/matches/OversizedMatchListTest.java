package com.avalo.precompute.matches;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.io.PrecomputeJob;
import com.avalo.precompute.io.PrecomputeOptions;
import com.avalo.precompute.io.PrecomputeRunner;
import com.avalo.precompute.io.RunSettings;
import com.avalo.precompute.io.RunSummary;
import com.avalo.precompute.schemas.MatchList;
import com.avalo.precompute.serving.store.SqliteCacheStore;
import com.avalo.precompute.serving.store.StoreSpec;
import com.avalo.precompute.source.SourceLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A match list is one document: a partner whose card is too big for it is left out with a dead
 * letter, and the list is written, where it was refused whole (stale, then missing).
 */
public class OversizedMatchListTest {
  private static final Instant AS_OF = Instant.parse("2026-11-20T00:00:00Z");
  private static final List<PrecomputeJob> MATCHES = List.of(new MatchListsJob());

  @Rule public TemporaryFolder temp = new TemporaryFolder();

  @Test
  public void aPartnerTooBigForTheListIsLeftOutAndTheListIsWritten() throws Exception {
    Path input = temp.newFolder("export").toPath();
    Files.write(input.resolve("users.ndjson"), List.of(user("u1", "Ann"), user("u2", "Bo"),
        user("u3", "x".repeat(1_100_000))));
    Files.write(input.resolve("matches.ndjson"), List.of(
        "{\"id\":\"m1\",\"userIds\":[\"u1\",\"u2\"],\"createdAt\":\"2026-11-01T00:00:00Z\"}",
        "{\"id\":\"m2\",\"userIds\":[\"u1\",\"u3\"],\"createdAt\":\"2026-11-02T00:00:00Z\"}"));
    for (String empty : List.of("likes", "blocks", "chats", "messages", "posts", "purchases",
        "spends", "events")) {
      Files.write(input.resolve(empty + ".ndjson"), List.of());
    }
    Path file = temp.getRoot().toPath().resolve("cache.db");
    PrecomputeOptions options = PrecomputeRunner.parseOptions(MATCHES,
        new String[] {"--input=" + input});
    RunSummary run = PrecomputeRunner.run(MATCHES, options,
        RunSettings.writingTo(StoreSpec.sqlite(file)).withAsOf(AS_OF).withRunId("r1"));

    assertEquals(Long.valueOf(1), run.deadLettered().get("matches"));
    assertNull("no document refused", run.deadLettered().get("cache"));
    try (SqliteCacheStore store = SqliteCacheStore.open(file)) {
      MatchList u1 = store.get("matches:u1").orElseThrow().payloadAs(MatchList.class);
      assertEquals(List.of("m1"), u1.matches().stream().map(MatchList.Entry::matchId).toList());
      assertEquals("the total still counts every match", 2, u1.total());
      assertTrue(store.get("matches:u3").isPresent());
      assertFalse(store.get("matches:u2").orElseThrow().payloadAs(MatchList.class)
          .matches().isEmpty());
    }
  }

  private static String user(String id, String name) {
    return SourceLines.USER.replace("\"u1\"", "\"" + id + "\"")
        .replace("\"Ann\"", "\"" + name + "\"");
  }
}
