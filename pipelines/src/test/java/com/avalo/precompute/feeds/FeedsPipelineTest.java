package com.avalo.precompute.feeds;

import static com.avalo.precompute.feeds.TestUsers.AS_OF;
import static com.avalo.precompute.feeds.TestUsers.RUN;
import static com.avalo.precompute.feeds.TestUsers.man;
import static com.avalo.precompute.feeds.TestUsers.woman;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.schemas.FeedPage;
import com.avalo.precompute.source.SourceRecords.Block;
import com.avalo.precompute.source.SourceRecords.Gender;
import com.avalo.precompute.source.SourceRecords.Like;
import com.avalo.precompute.source.SourceRecords.LikeKind;
import com.avalo.precompute.source.SourceRecords.Match;
import com.avalo.precompute.source.SourceRecords.User;
import com.avalo.precompute.source.SourceRecords.UserStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.testing.TestPipeline;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * A hand-built world around one viewer, V, a 30-year-old woman in Paris who wants men 25-35 within
 * 50 km, with one man per rule; the exact feeds of V and of some of the men are checked.
 */
public class FeedsPipelineTest {
  @ClassRule public static final TestPipeline PIPELINE =
      TestPipeline.create().enableAbandonedNodeEnforcement(false);

  private static final Instant BEFORE = AS_OF.minus(Duration.ofDays(1));
  private static final FeedSettings SETTINGS = new FeedSettings(RankingConfig.load(""), 10, 3);

  private static final List<User> USERS = List.of(
      woman("v").interests("chess", "jazz", "yoga").build(),
      man("ok").kmNorth(5).build(),
      man("ageBound").age(35).ages(30, 40).kmNorth(2).build(),          // 35 = her max, 30 = his min
      man("atLimit").kmNorth(10).maxKm(10).interests("jazz", "yoga", "wine").build(),
      man("pastLimit").kmNorth(10.2).maxKm(10).build(),
      man("oneSided").wants(Gender.male).kmNorth(1).build(),
      man("tooOldForHim").ages(18, 29).kmNorth(1).build(),              // she is 30, he wants <= 29
      man("liked").kmNorth(1).build(),
      man("superliked").kmNorth(1).build(),
      man("passed").kmNorth(1).build(),
      man("matched").kmNorth(1).build(),
      man("blockedByV").kmNorth(1).build(),
      man("blockedV").kmNorth(1).build(),
      man("inactive").lastActive(AS_OF.minus(Duration.ofDays(31))).kmNorth(1).build(),
      man("suspended").status(UserStatus.suspended).kmNorth(1).build(),
      man("likesV").kmNorth(8).build(),
      man("likedLater").kmNorth(3).build(),
      TestUsers.user("lonely").gender(Gender.nonbinary).wants(Gender.nonbinary).build());

  private static final List<Like> LIKES = List.of(
      new Like("l1", "v", "liked", LikeKind.like, BEFORE),
      new Like("l2", "v", "superliked", LikeKind.superlike, BEFORE),
      new Like("l3", "v", "passed", LikeKind.pass, BEFORE),
      new Like("l4", "likesV", "v", LikeKind.like, BEFORE),
      new Like("l5", "v", "likedLater", LikeKind.like, AS_OF.plusSeconds(1)));
  private static final List<Block> BLOCKS = List.of(
      new Block("b1", "v", "blockedByV", BEFORE), new Block("b2", "blockedV", "v", BEFORE));
  private static final List<Match> MATCHES =
      List.of(new Match("m1", List.of("matched", "v"), BEFORE, "chat1"));

  private static FeedRuns.Output output;

  @BeforeClass
  public static void runTheJob() {
    output = FeedRuns.collect(PIPELINE, FeedsJob.feedWrites(
        FeedRuns.sources(PIPELINE, USERS, LIKES, BLOCKS, MATCHES), RUN, SETTINGS, letters -> { }));
  }

  @Test
  public void theViewerSeesExactlyTheMutuallyEligibleCandidates() {
    assertThat(output.uids("v"),
        containsInAnyOrder("ok", "ageBound", "atLimit", "likesV", "likedLater"));
  }

  @Test
  public void whoLikedTheViewerComesFirstAndTheRestBySCore() {
    List<FeedPage.Candidate> feed = output.feed("v");
    assertEquals("likesV", feed.get(0).uid());
    for (int i = 1; i < feed.size(); i++) {
      assertTrue(feed.get(i - 1).score() >= feed.get(i).score());
    }
  }

  @Test
  public void cardsCarryTheCandidatesDetails() {
    FeedPage.Candidate atLimit = output.feed("v").stream()
        .filter(c -> c.uid().equals("atLimit")).findFirst().orElseThrow();
    assertEquals(new FeedPage.Candidate("atLimit", "Name atLimit", 30, "Paris", 10, 3,
        List.of("jazz", "yoga"), atLimit.score()), atLimit);
    // Active an hour ago, 3 of 6 photos, no bio, not new, no likes received, 10 km, 2 shared.
    RankingConfig config = SETTINGS.ranking();
    double expected = FeedScore.pairScore(FeedScore.baseScore(
        FeedScore.profileScore(USERS.get(3), AS_OF, config), 0, 0, config), 10.0, 2, false, config);
    assertEquals(expected, atLimit.score(), 0);
  }

  @Test
  public void pagesSayWhereTheyAreAndTheJobDeletesNothing() {
    FeedPage first = output.first("v");
    assertEquals(new FeedPage("v", 0, 2, 3, 5, first.candidates(), first.listVersion()), first);
    assertEquals(3, first.candidates().size());
    assertEquals(2, output.pages().get("feed:v:1").candidates().size());
    assertEquals(first.listVersion(), output.pages().get("feed:v:1").listVersion());
    // Pages an older run left are the diff's to delete (WriteChangedDocuments), not the job's.
    assertEquals(Set.of(), output.deletes());
  }

  @Test
  public void exclusionsHoldFromTheOtherSideToo() {
    // V liked "liked": he did nothing, so he sees her, boosted because she liked him.
    assertThat(output.uids("liked"), hasItem("v"));
    assertEquals("v", output.uids("liked").get(0));
    // Blocks and matches hide both ways.
    assertThat(output.uids("blockedV"), not(hasItem("v")));
    assertThat(output.uids("blockedByV"), not(hasItem("v")));
    assertThat(output.uids("matched"), not(hasItem("v")));
    // He wants 18-29; she is 30.
    assertThat(output.uids("tooOldForHim"), not(hasItem("v")));
  }

  @Test
  public void inactiveUsersGetNoFeedAndActiveOnesWithNobodyGetAnEmptyOne() {
    assertNull(output.first("inactive"));
    assertNull(output.first("suspended"));
    assertEquals(new FeedPage("lonely", 0, 1, 3, 0, List.of(),
        output.first("lonely").listVersion()), output.first("lonely"));
    Set<String> viewers = output.viewers();
    assertEquals(USERS.size() - 2, viewers.size());
  }
}
