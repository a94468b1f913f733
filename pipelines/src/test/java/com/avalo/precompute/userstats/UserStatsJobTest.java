package com.avalo.precompute.userstats;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.chats.ChatsJob;
import com.avalo.precompute.io.PrecomputeJob;
import com.avalo.precompute.io.PrecomputeOptions;
import com.avalo.precompute.io.PrecomputeRunner;
import com.avalo.precompute.io.RunSummary;
import com.avalo.precompute.matches.MatchListsJob;
import com.avalo.precompute.profiles.ProfilesJob;
import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.MatchList;
import com.avalo.precompute.schemas.PostCard;
import com.avalo.precompute.schemas.ProfileCard;
import com.avalo.precompute.schemas.TokenBalance;
import com.avalo.precompute.schemas.UserStats;
import com.avalo.precompute.serving.store.SqliteCacheStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Runs the profiles, user-stats and matches jobs through the runner on a hand-built world that also holds
 * bad records, and checks exact documents and dead letters.
 */
public class UserStatsJobTest {
  @Rule public TemporaryFolder temp = new TemporaryFolder();

  private static final String FIXTURE = "src/test/resources/fixtures/bad";

  private RunSummary run(Path db, String runId) {
    return run(db, runId, "2026-11-20");
  }

  private RunSummary run(Path db, String runId, String asOf) {
    return run(Path.of(FIXTURE), db, runId, asOf);
  }

  private RunSummary run(Path input, Path db, String runId, String asOf) {
    List<PrecomputeJob> jobs = List.of(new ProfilesJob(), new UserStatsJob(), new MatchListsJob());
    PrecomputeOptions options = PrecomputeRunner.parseOptions(jobs, new String[] {
        "--input=" + input, "--store=sqlite:" + db, "--asOf=" + asOf, "--runId=" + runId});
    return PrecomputeRunner.run(jobs, options);
  }

  /** The fixture's files in a new folder {@code name}, for a test to change. */
  private Path copyOfFixture(String name) throws java.io.IOException {
    Path input = temp.newFolder(name).toPath();
    try (Stream<Path> files = Files.list(Path.of(FIXTURE))) {
      for (Path file : files.toList()) {
        Files.copy(file, input.resolve(file.getFileName().toString()));
      }
    }
    return input;
  }

  @Test
  public void aPurchaseSpendOrMatchExportedTwiceCountsOnceAndTheCopyIsADeadLetter() throws Exception {
    // Two exports concatenated: the same records under the same ids, again at the end.
    Path input = copyOfFixture("twice");
    for (String name : List.of("purchases.ndjson", "spends.ndjson", "matches.ndjson")) {
      Path file = input.resolve(name);
      String first = Files.readAllLines(file).get(0);
      Files.writeString(file, first + "\n", java.nio.file.StandardOpenOption.APPEND);
    }
    // And the first match again under a new id, naming the pair the other way round.
    Path matchesFile = input.resolve("matches.ndjson");
    String firstMatch = Files.readAllLines(matchesFile).get(0);
    Files.writeString(matchesFile, firstMatch.replaceFirst("\"id\":\"[^\"]+\"", "\"id\":\"again\"")
        .replace("[\"alice01\",\"bob02\"]", "[\"bob02\",\"alice01\"]") + "\n",
        java.nio.file.StandardOpenOption.APPEND);
    Path db = temp.getRoot().toPath().resolve("twice.db");
    RunSummary summary = run(input, db, "twice", "2026-11-20");

    assertEquals(1L, (long) summary.deadLettered().get("purchases"));
    assertEquals(1L, (long) summary.deadLettered().get("spends"));
    assertEquals(2L, (long) summary.deadLettered().get("matches"));
    try (SqliteCacheStore store = SqliteCacheStore.open(db)) {
      assertEquals(new TokenBalance("alice01", 600, 500, 30, 70),
          store.get("user:alice01:tokens").orElseThrow().payloadAs(TokenBalance.class));
      MatchList matches = store.get("matches:alice01").orElseThrow().payloadAs(MatchList.class);
      assertEquals(1, matches.total());
      assertEquals(1, matches.matches().size());
      assertEquals(1, store.get("user:alice01:stats").orElseThrow().payloadAs(UserStats.class)
          .matches());
    }
  }

  @Test
  public void aPastAsOfCountsOnlyWhatHadHappenedByThen() {
    // 2026-10-04: both purchases and the spend had happened, the refund (10-05), every like, the
    // match (11-02) and every message (11-02) had not.
    Path db = temp.getRoot().toPath().resolve("past.db");
    run(db, "past", "2026-10-04T00:00:00Z");
    try (SqliteCacheStore store = SqliteCacheStore.open(db)) {
      assertEquals(new TokenBalance("alice01", 600, 0, 30, 570),
          store.get("user:alice01:tokens").orElseThrow().payloadAs(TokenBalance.class));
      assertEquals(new UserStats("alice01", 0, 0, 0, 0, 0, 0, 0, 0, 0, null, 2),
          store.get("user:alice01:stats").orElseThrow().payloadAs(UserStats.class));
      assertEquals(0, store.get("matches:alice01").orElseThrow().payloadAs(MatchList.class).total());
      assertEquals(2, store.get("user:alice01").orElseThrow().payloadAs(ProfileCard.class).postCount());
    }
    Path before = temp.getRoot().toPath().resolve("before.db");
    run(before, "before", "2026-10-01T12:00:00Z");
    try (SqliteCacheStore store = SqliteCacheStore.open(before)) {
      assertEquals(1, store.get("user:alice01").orElseThrow().payloadAs(ProfileCard.class).postCount());
      assertFalse("a post made after the as-of has no card yet", store.get("post:p2").isPresent());
      assertEquals(new TokenBalance("alice01", 100, 0, 0, 100),
          store.get("user:alice01:tokens").orElseThrow().payloadAs(TokenBalance.class));
    }
  }

  /**
   * A chat recorded as created after the as-of, holding messages dated before it (a client's
   * clock, or an import): the chats job lists no chat that did not exist by the as-of, so the
   * stats count none of its messages either, and the two documents agree.
   */
  @Test
  public void messagesOfAChatCreatedAfterTheAsOfAreCountedNowhere() throws Exception {
    Path input = copyOfFixture("late-chat");
    Path chats = input.resolve("chats.ndjson");
    Files.writeString(chats, Files.readString(chats)
        .replace("\"createdAt\":\"2026-11-02T10:00:00Z\"", "\"createdAt\":\"2026-11-25T00:00:00Z\""));
    Path db = temp.getRoot().toPath().resolve("late-chat.db");
    List<PrecomputeJob> jobs = List.of(new UserStatsJob(), new ChatsJob());
    PrecomputeRunner.run(jobs, PrecomputeRunner.parseOptions(jobs, new String[] {
        "--input=" + input, "--store=sqlite:" + db, "--asOf=2026-11-20", "--runId=late"}));

    try (SqliteCacheStore store = SqliteCacheStore.open(db)) {
      assertFalse("no chat by the as-of, so no chat list", store.get("chats:alice01").isPresent());
      UserStats alice = store.get("user:alice01:stats").orElseThrow().payloadAs(UserStats.class);
      assertEquals(new UserStats("alice01", 1, 1, 0, 1, 0, 0, 1, 0, 0, null, 2), alice);
    }
  }

  @Test
  public void writesExactStatsTokensMatchesAndCardsAndDeadLettersBadRecords() throws Exception {
    Path db = temp.getRoot().toPath().resolve("cache.db");
    RunSummary summary = run(db, "run1");

    assertEquals(Map.of("likes", 3L, "messages", 2L, "users", 3L), summary.deadLettered());
    try (Stream<Path> files = Files.walk(db.getParent().resolve("dead-letters").resolve("run1"))) {
      long letters = files.filter(p -> p.toString().endsWith(".ndjson"))
          .flatMap(p -> { try { return Files.readAllLines(p).stream(); } catch (Exception e) { throw new RuntimeException(e); } })
          .count();
      assertEquals(8, letters);
    }

    try (SqliteCacheStore store = SqliteCacheStore.open(db)) {
      UserStats alice = store.get("user:alice01:stats").orElseThrow().payloadAs(UserStats.class);
      // alice liked bob; bob superliked her; deleted dave's like still happened.
      assertEquals(new UserStats("alice01", 1, 1, 0, 1, 0, 0, 1, 1, 2, 1.0, 2), alice);
      UserStats bob = store.get("user:bob02:stats").orElseThrow().payloadAs(UserStats.class);
      // bob wrote first, so he has no chat where the other wrote first: no response rate.
      assertEquals(new UserStats("bob02", 0, 1, 1, 0, 0, 1, 1, 2, 1, null, 0), bob);

      assertEquals(new TokenBalance("alice01", 600, 500, 30, 70),
          store.get("user:alice01:tokens").orElseThrow().payloadAs(TokenBalance.class));
      assertEquals(new TokenBalance("carol03", 0, 0, 0, 0),
          store.get("user:carol03:tokens").orElseThrow().payloadAs(TokenBalance.class));

      MatchList matches = store.get("matches:alice01").orElseThrow().payloadAs(MatchList.class);
      assertEquals(1, matches.total());
      assertEquals("bob02", matches.matches().get(0).other().uid());
      assertEquals(31, matches.matches().get(0).other().age());

      ProfileCard card = store.get("user:alice01").orElseThrow().payloadAs(ProfileCard.class);
      assertEquals(28, card.age()); // birthday on the as-of date counts
      assertEquals(2, card.postCount());
      assertEquals("Alice", store.get("post:p1").orElseThrow().payloadAs(PostCard.class).authorName());
      assertTrue(store.get("media:md1").isPresent());
      assertFalse("deleted users have no card", store.get("user:dave04").isPresent());
      assertFalse("deleted users have no stats", store.get("user:dave04:stats").isPresent());
    }
  }

  @Test
  public void rerunsWithTheSameAsOfWriteTheSameContent() {
    Path first = temp.getRoot().toPath().resolve("a.db");
    Path second = temp.getRoot().toPath().resolve("b.db");
    run(first, "a");
    run(second, "b");
    try (SqliteCacheStore a = SqliteCacheStore.open(first);
        SqliteCacheStore b = SqliteCacheStore.open(second)) {
      List<String> keys = a.keysWithPrefix("", 1000);
      assertEquals(keys, b.keysWithPrefix("", 1000));
      for (String key : keys) {
        CacheDocument left = a.get(key).orElseThrow();
        CacheDocument right = b.get(key).orElseThrow();
        assertEquals(key, left.contentHash(), right.contentHash());
        assertEquals(key, left.payload(), right.payload());
      }
      assertNull(a.get("user:ghost99").orElse(null));
    }
  }
}
