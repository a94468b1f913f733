package com.avalo.precompute.feeds;

import static com.avalo.precompute.feeds.TestUsers.AS_OF;
import static com.avalo.precompute.feeds.TestUsers.man;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import java.time.Duration;
import java.util.List;
import org.junit.Test;

public class FeedScoreTest {
  private static final RankingConfig CONFIG = RankingConfig.load("");

  @Test
  public void theFormulaByHand() {
    var candidate = man("c").lastActive(AS_OF.minus(Duration.ofDays(3))).photos(3).bio("hi").build();
    double profile = FeedScore.profileScore(candidate, AS_OF, CONFIG);
    // activity 0.5 (one half-life), completeness (0.5 * 3/6 + 0.25 * bio) = 0.5, not new.
    assertEquals(0.15 * 0.5 + 0.10 * 0.5, profile, 1e-12);
    // 7 likes and 10 passes received with the Beta(3, 7) prior: (7 + 3) / (17 + 10).
    double base = FeedScore.baseScore(profile, 7, 10, CONFIG);
    assertEquals(profile + 0.20 * 10 / 27.0, base, 1e-12);
    // 15 km is one distance half-life; 2 shared interests of 5; the candidate liked the viewer.
    double score = FeedScore.pairScore(base, 15.0, 2, true, CONFIG);
    assertEquals(0.7491, score, 0);  // 0.075 + 0.05 + 0.0740741 + 0.15 + 0.1 + 0.3 = 0.7490741
  }

  @Test
  public void newUsersStartAtThePriorAndGetTheBoost() {
    assertEquals(0.3, FeedScore.desirability(0, 0, CONFIG.desirabilityPrior()), 1e-12);
    var fresh = man("n").created(AS_OF.minus(Duration.ofDays(13))).build();
    var settled = man("s").created(AS_OF.minus(Duration.ofDays(15))).build();
    assertEquals(0.10, FeedScore.profileScore(fresh, AS_OF, CONFIG)
        - FeedScore.profileScore(settled, AS_OF, CONFIG), 1e-12);
  }

  @Test
  public void componentsStayInRange() {
    assertEquals(1.0, FeedScore.decay(0, 15), 0);
    assertEquals(1.0, FeedScore.decay(-3, 15), 0);  // active "after" asOf counts as now
    assertEquals(0.25, FeedScore.decay(30, 15), 1e-12);
    assertEquals(1.0, FeedScore.completeness(12, "bio", true, CONFIG.completeness()), 1e-12);
    assertEquals(0.0, FeedScore.completeness(0, "  ", false, CONFIG.completeness()), 1e-12);
  }

  @Test
  public void sharedInterestsOfSortedLists() {
    assertEquals(List.of("chess", "yoga"),
        FeedScore.sharedInterests(List.of("art", "chess", "yoga"), List.of("chess", "hiking", "yoga")));
    assertEquals(List.of(), FeedScore.sharedInterests(List.of(), List.of("chess")));
  }

  @Test
  public void tiebreaksAreStableWithinADayAndRotateAcrossDays() {
    long today = FeedScore.daySeed(AS_OF);
    assertEquals(today, FeedScore.daySeed(AS_OF.plus(Duration.ofHours(11))));
    long tomorrow = FeedScore.daySeed(AS_OF.plus(Duration.ofDays(1)));
    assertEquals(FeedScore.tiebreak(today, "v", "c"), FeedScore.tiebreak(today, "v", "c"));
    assertNotEquals(FeedScore.tiebreak(today, "v", "c"), FeedScore.tiebreak(tomorrow, "v", "c"));
    assertNotEquals(FeedScore.tiebreak(today, "v", "c"), FeedScore.tiebreak(today, "c", "v"));
  }

  @Test
  public void scoresAreRoundedToTheScale() {
    assertEquals(0.1235, FeedScore.round(0.12345678), 0);
  }
}
