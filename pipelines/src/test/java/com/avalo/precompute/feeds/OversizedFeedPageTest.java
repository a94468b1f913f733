package com.avalo.precompute.feeds;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.incremental.StoreContents;
import com.avalo.precompute.io.PrecomputeJob;
import com.avalo.precompute.io.PrecomputeOptions;
import com.avalo.precompute.io.PrecomputeRunner;
import com.avalo.precompute.io.RunSettings;
import com.avalo.precompute.io.RunSummary;
import com.avalo.precompute.io.DeadLetter;
import com.avalo.precompute.schemas.FeedPage;
import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.serving.store.SqliteCacheStore;
import com.avalo.precompute.serving.store.StoreSpec;
import com.avalo.precompute.store.RefuseOversizedDocuments;
import com.avalo.precompute.source.SourceRecords.User;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Feeds never hold a page too big to store: a candidate whose card alone is too big for a page is
 * left out of feeds, with a dead letter, as a chat list leaves out an entry too big for its page;
 * and should a page still come out too big, its whole feed is withheld, so that the stored feed
 * stays one list rather than pages of two that a reader would be refused at until one expired.
 */
public class OversizedFeedPageTest {
  private static final List<PrecomputeJob> FEEDS = List.of(new FeedsJob());
  private static final String HUGE_NAME = "x".repeat(1_100_000);

  @Rule public TemporaryFolder temp = new TemporaryFolder();
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  @Test
  public void aCandidateWhoseCardIsTooBigForAPageIsLeftOutOfFeedsAndStillGetsTheirOwn()
      throws Exception {
    StoreSpec store = StoreSpec.sqlite(temp.getRoot().toPath().resolve("cache.db"));
    run(world("Bob", true), store, "first");
    Map<String, String> first = StoreContents.hashes(store);
    assertTrue(first.keySet().containsAll(List.of("feed:w0:0", "feed:w0:1", "feed:w0:2")));

    RunSummary huge = run(world(HUGE_NAME, true), store, "huge");
    Map<String, String> afterHuge = StoreContents.hashes(store);
    assertEquals("one dead letter, m2 left out", Long.valueOf(1), huge.deadLettered().get("users"));
    assertEquals("no document refused", null, huge.deadLettered().get("cache"));
    assertFalse("w0's feed is one page shorter", afterHuge.containsKey("feed:w0:2"));
    assertNotEquals(first.get("feed:w0:0"), afterHuge.get("feed:w0:0"));
    assertEquals("m2's own feed is still written", first.get("feed:m2:0"),
        afterHuge.get("feed:m2:0"));
    String reason = deadLetterLines().stream().filter(line -> line.contains("users/m2"))
        .findFirst().orElseThrow();
    assertTrue(reason, reason.contains("left out of every feed"));
    try (SqliteCacheStore read = SqliteCacheStore.open(temp.getRoot().toPath().resolve("cache.db"))) {
      String feed = Json.write(read.get("feed:w0:0").orElseThrow().payload())
          + Json.write(read.get("feed:w0:1").orElseThrow().payload());
      assertFalse(feed, feed.contains("\"m2\""));
      assertTrue(feed, feed.contains("\"m5\""));
    }
  }

  /** The backstop: a feed with a page over the limit anyway is withheld whole, slots included. */
  @Test
  public void aFeedWithAPageTooBigToStoreIsWithheldWhole() {
    FeedSettings settings = new FeedSettings(RankingConfig.load(""), 10, 2);
    List<RankedCandidate> ranked = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      ranked.add(new RankedCandidate(new FeedPage.Candidate("m" + i, i == 2 ? HUGE_NAME : "Bob",
          30, "Paris", 1, 3, List.of(), 1.0 / i), i));
    }
    PCollectionTuple checked = pipeline
        .apply(Create.of(KV.of("w0", ranked)).withCoder(KvCoder.of(StringUtf8Coder.of(),
            ListCoder.of(SerializableCoder.of(RankedCandidate.class)))))
        .apply(new PaginateFeeds(TestUsers.RUN, settings))
        .apply(new RefuseOversizedDocuments());
    PAssert.that(checked.get(RefuseOversizedDocuments.ACCEPTED)).empty();
    PAssert.that(checked.get(RefuseOversizedDocuments.REFUSED_KEYS)).containsInAnyOrder(
        KV.of("feed:w0:0", "feeds"), KV.of("feed:w0:1", "feeds"), KV.of("feed:w0:2", "feeds"),
        KV.of("feed:w0:3", "feeds"), KV.of("feed:w0:4", "feeds"));
    PAssert.that(checked.get(RefuseOversizedDocuments.DEAD_LETTERS)).satisfies(letters -> {
      List<DeadLetter> all = new ArrayList<>();
      letters.forEach(all::add);
      assertEquals(1, all.size());
      assertEquals("feed:w0:0", all.get(0).origin());
      assertTrue(all.get(0).reason(),
          all.get(0).reason().contains("The other pages of its list are withheld with it"));
      return null;
    });
    pipeline.run().waitUntilFinish();
  }

  /** A woman, w0, who sees m1 to m4, and m5 when {@code withM5}; m2 is named {@code m2Name}. */
  private Path world(String m2Name, boolean withM5) throws IOException {
    List<User> users = new ArrayList<>();
    users.add(TestUsers.woman("w0").build());
    for (int i = 1; i <= (withM5 ? 5 : 4); i++) {
      users.add(TestUsers.man("m" + i).name(i == 2 ? m2Name : "Name m" + i).build());
    }
    Path dir = temp.newFolder().toPath();
    List<String> lines = new ArrayList<>();
    users.forEach(user -> lines.add(ExportFiles.user(user).toString()));
    Files.write(dir.resolve("users.ndjson"), lines);
    for (String empty : List.of("likes", "blocks", "matches")) {
      Files.write(dir.resolve(empty + ".ndjson"), List.of());
    }
    return dir;
  }

  private RunSummary run(Path input, StoreSpec store, String runId) {
    PrecomputeOptions options = PrecomputeRunner.parseOptions(FEEDS, new String[] {
        "--input=" + input, "--feedPageSize=2", "--feedMaxCandidates=10"});
    return PrecomputeRunner.run(FEEDS, options,
        RunSettings.writingTo(store).withAsOf(TestUsers.AS_OF).withRunId(runId));
  }

  /** The dead-letter lines of all runs, next to the store (payloads are cut at 10,000 characters). */
  private List<String> deadLetterLines() throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.walk(temp.getRoot().toPath().resolve("dead-letters"))) {
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith("dead-letters-"))
          .toList()) {
        lines.addAll(Files.readAllLines(file));
      }
    }
    return lines;
  }
}
