package com.avalo.precompute.feeds;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.io.RunContext;
import com.avalo.precompute.schemas.FeedPage;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Test;

/**
 * Properties of the job's output on generated worlds (seeded, so failures reproduce), checked
 * against {@link ReferenceFeeds}' brute force over every pair.
 */
public class FeedsPropertyTest {
  private static final Instant AS_OF = Instant.parse("2026-11-20T12:00:00Z");
  private static final RunContext RUN =
      new RunContext("run-p", AS_OF, AS_OF, null, Duration.ofDays(30));
  /** Big enough for every rule, every blocking level and cut feeds; each run costs seconds. */
  private static final int USERS = 240;

  /** Small K and P so that feeds are cut and paged. */
  private static FeedSettings settings(int maxCandidatesPerBlock) {
    RankingConfig defaults = RankingConfig.load("");
    RankingConfig.Blocking b = defaults.blocking();
    return new FeedSettings(defaults.withBlocking(new RankingConfig.Blocking(b.geohashPrecisions(),
        b.maxCellsPerViewer(), maxCandidatesPerBlock)), 7, 3);
  }

  private static PipelineOptions direct() {
    return PipelineOptionsFactory.create();
  }

  @Test
  public void uncappedFeedsAreExactlyTheBestEligibleAndRerunsAreIdentical() {
    SyntheticWorld world = new SyntheticWorld(1, USERS, AS_OF, 6, SyntheticWorld.TOWNS);
    FeedSettings settings = settings(100_000);
    FeedRuns.Output output = FeedRuns.run(direct(), world, RUN, settings);
    Map<String, Set<String>> eligible = ReferenceFeeds.eligible(world, RUN);
    checkFeeds("uncapped", output, eligible, settings, true);
    Map<String, List<String>> best = ReferenceFeeds.ranked(eligible, world.allUsers(),
        world.allLikes(), AS_OF, settings.ranking(), settings.maxCandidates());
    for (String uid : eligible.keySet()) {
      assertEquals("feed of " + uid + " in order", best.get(uid), output.uids(uid));
    }
    assertEquals("a rerun writes the same pages", output, FeedRuns.run(direct(), world, RUN, settings));
    assertTrue("some viewer is ranked against several blocks at once",
        mostBlocksReadWithCandidates(world, settings) > 1);
  }

  /** The most blocks holding candidates that one viewer reads, to check that merging is exercised. */
  private static long mostBlocksReadWithCandidates(SyntheticWorld world, FeedSettings settings) {
    RankingConfig.Blocking blocking = settings.ranking().blocking();
    Set<String> filled = new HashSet<>();
    List<FeedProfile> viewers = new java.util.ArrayList<>();
    for (var user : world.allUsers()) {
      if (FeedEligibility.isActiveForDiscovery(user, RUN)) {
        FeedProfile profile = FeedProfile.of(user, AS_OF, settings.ranking());
        filled.addAll(CandidateBlocking.candidateBlocks(profile, blocking));
        viewers.add(profile);
      }
    }
    return viewers.stream().mapToLong(viewer -> CandidateBlocking.viewerBlocks(viewer, blocking)
        .stream().filter(filled::contains).count()).max().orElse(0);
  }

  @Test
  public void cappedBlocksStillOnlyShowEligibleCandidates() {
    SyntheticWorld world = new SyntheticWorld(2, USERS, AS_OF, 6, SyntheticWorld.TOWNS);
    FeedSettings settings = settings(4);
    FeedRuns.Output output = FeedRuns.run(direct(), world, RUN, settings);
    checkFeeds("capped", output, ReferenceFeeds.eligible(world, RUN), settings, false);
  }

  /**
   * Every active user has a feed of pages that agree with each other, sorted by score, holding
   * only eligible candidates; uncapped, it holds all of them up to K.
   */
  private static void checkFeeds(String world, FeedRuns.Output output,
      Map<String, Set<String>> eligible, FeedSettings settings, boolean uncapped) {
    assertEquals(world + ": feeds exactly for the active users", eligible.keySet(), output.viewers());
    int nonTrivial = 0;
    int cut = 0;
    for (Map.Entry<String, Set<String>> expected : eligible.entrySet()) {
      String uid = expected.getKey();
      String where = world + ", feed of " + uid;
      FeedPage first = output.first(uid);
      assertNotNull(where, first);
      List<FeedPage.Candidate> feed = output.feed(uid);
      int pageCount = first.pageCount();
      assertEquals(where, Math.max(1, (feed.size() + settings.pageSize() - 1) / settings.pageSize()),
          pageCount);
      for (int p = 0; p < pageCount; p++) {
        FeedPage page = output.pages().get("feed:" + uid + ":" + p);
        assertEquals(where, List.of(p, pageCount, settings.pageSize(), feed.size()),
            List.of(page.page(), page.pageCount(), page.pageSize(), page.totalCandidates()));
        assertTrue(where, page.candidates().size() == settings.pageSize() || p == pageCount - 1);
      }
      for (int p = pageCount; p < settings.maxPages(); p++) {
        assertNull(where + " has no page " + p, output.pages().get("feed:" + uid + ":" + p));
      }
      assertTrue(where, feed.size() <= settings.maxCandidates());
      Set<String> shown = new HashSet<>();
      for (int i = 0; i < feed.size(); i++) {
        FeedPage.Candidate candidate = feed.get(i);
        assertTrue(where + " shows " + candidate.uid() + " once", shown.add(candidate.uid()));
        assertTrue(where + " shows " + candidate.uid() + ", who is not eligible",
            expected.getValue().contains(candidate.uid()));
        assertTrue(where + " is sorted", i == 0 || feed.get(i - 1).score() >= candidate.score());
      }
      if (uncapped) {
        int wanted = Math.min(settings.maxCandidates(), expected.getValue().size());
        assertEquals(where + " misses eligible candidates", wanted, feed.size());
        if (expected.getValue().size() <= settings.maxCandidates()) {
          assertEquals(where, expected.getValue(), new TreeSet<>(shown));
        } else {
          cut++;
        }
      }
      nonTrivial += expected.getValue().isEmpty() ? 0 : 1;
    }
    // The world must exercise the rules: most feeds non-empty, some cut at K.
    assertTrue(world + ": only " + nonTrivial + " non-empty feeds", nonTrivial > eligible.size() / 3);
    assertTrue(world + ": no feed was cut at K", !uncapped || cut > 0);
  }
}
