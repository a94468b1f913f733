package com.avalo.precompute.feeds;

import static com.avalo.precompute.feeds.FeedEligibility.Verdict.AGE;
import static com.avalo.precompute.feeds.FeedEligibility.Verdict.CANDIDATE_INACTIVE;
import static com.avalo.precompute.feeds.FeedEligibility.Verdict.DISTANCE;
import static com.avalo.precompute.feeds.FeedEligibility.Verdict.ELIGIBLE;
import static com.avalo.precompute.feeds.FeedEligibility.Verdict.EXCLUDED;
import static com.avalo.precompute.feeds.FeedEligibility.Verdict.GENDER;
import static com.avalo.precompute.feeds.FeedEligibility.Verdict.SELF;
import static com.avalo.precompute.feeds.FeedEligibility.Verdict.VIEWER_INACTIVE;
import static com.avalo.precompute.feeds.TestUsers.AS_OF;
import static com.avalo.precompute.feeds.TestUsers.RUN;
import static com.avalo.precompute.feeds.TestUsers.TODAY;
import static com.avalo.precompute.feeds.TestUsers.man;
import static com.avalo.precompute.feeds.TestUsers.woman;
import static org.junit.Assert.assertEquals;

import com.avalo.precompute.source.SourceRecords.Gender;
import com.avalo.precompute.source.SourceRecords.User;
import com.avalo.precompute.source.SourceRecords.UserStatus;
import java.time.Duration;
import org.junit.Test;

public class FeedEligibilityTest {
  private static final RankingConfig CONFIG = RankingConfig.load("");
  private final User viewer = woman("v").build();

  private FeedEligibility.Verdict check(User v, User c) {
    return FeedEligibility.check(v, c, RUN, CONFIG, UidSet.EMPTY);
  }

  /** Asserts the verdict both ways round: every rule is mutual. */
  private void assertBothWays(FeedEligibility.Verdict expected, User a, User b) {
    assertEquals(expected, check(a, b));
    assertEquals(expected, check(b, a));
  }

  @Test
  public void aMutualMatchIsEligible() {
    assertBothWays(ELIGIBLE, viewer, man("c").build());
  }

  @Test
  public void neverSelf() {
    assertEquals(SELF, check(viewer, viewer));
  }

  @Test
  public void bothMustBeActiveForDiscovery() {
    User suspended = man("c").status(UserStatus.suspended).build();
    User deleted = man("c").status(UserStatus.deleted).build();
    User away = man("c").lastActive(AS_OF.minus(Duration.ofDays(30)).minusSeconds(1)).build();
    User justInWindow = man("c").lastActive(AS_OF.minus(Duration.ofDays(30))).build();
    assertEquals(CANDIDATE_INACTIVE, check(viewer, suspended));
    assertEquals(CANDIDATE_INACTIVE, check(viewer, deleted));
    assertEquals(CANDIDATE_INACTIVE, check(viewer, away));
    assertEquals(VIEWER_INACTIVE, check(suspended, viewer));
    assertEquals(VIEWER_INACTIVE, check(away, viewer));
    assertBothWays(ELIGIBLE, viewer, justInWindow);
  }

  @Test
  public void interestMustBeMutual() {
    // He wants women, she wants only women: one-sided.
    User oneSided = man("c").build();
    User wantsWomenOnly = woman("v2").wants(Gender.female).build();
    assertBothWays(GENDER, wantsWomenOnly, oneSided);
    // Wanting nobody matches nobody.
    assertBothWays(GENDER, viewer, man("c").wants().build());
    // Nonbinary both ways when both want it.
    User nb = user("nb").gender(Gender.nonbinary).wants(Gender.female, Gender.nonbinary).build();
    assertBothWays(GENDER, viewer, nb);
    assertBothWays(ELIGIBLE, woman("w").wants(Gender.nonbinary).build(), nb);
  }

  @Test
  public void agesAtTheBoundsAreIn() {
    // She is 30 today (her birthday): a range ending at 30 holds her; one ending at 29 does not.
    User turnsThirtyToday = woman("v").born(TODAY.minusYears(30)).build();
    assertBothWays(ELIGIBLE, turnsThirtyToday, man("c").age(25).ages(30, 30).build());
    assertBothWays(AGE, turnsThirtyToday, man("c").age(25).ages(20, 29).build());
    // Born tomorrow 30 years ago: still 29.
    User twentyNine = woman("v").born(TODAY.minusYears(30).plusDays(1)).build();
    assertBothWays(AGE, twentyNine, man("c").ages(30, 40).build());
    // Her range 25-35 holds a 35-year-old and a 25-year-old, not a 36- or 24-year-old.
    assertBothWays(ELIGIBLE, viewer, man("c").age(35).build());
    assertBothWays(ELIGIBLE, viewer, man("c").age(25).build());
    assertBothWays(AGE, viewer, man("c").age(36).build());
    assertBothWays(AGE, viewer, man("c").age(24).build());
  }

  @Test
  public void distanceExactlyAtTheLimitIsIn() {
    User tenKmNorth = man("c").kmNorth(10).maxKm(10).build();
    double distance = Geo.distanceKm(viewer.lat(), viewer.lng(), tenKmNorth.lat(), tenKmNorth.lng());
    assertEquals(10.0, distance, 1e-9);
    assertBothWays(ELIGIBLE, viewer, tenKmNorth);
    // The smaller of the two limits applies to both.
    assertBothWays(DISTANCE, viewer, man("c").kmNorth(10.01).maxKm(10).build());
    assertBothWays(DISTANCE, woman("v").maxKm(9).build(), tenKmNorth);
    assertBothWays(ELIGIBLE, woman("v").maxKm(0).build(), man("c").maxKm(0).build());
  }

  @Test
  public void exclusionsHideTheCandidate() {
    User candidate = man("c").build();
    assertEquals(EXCLUDED, FeedEligibility.check(viewer, candidate, RUN, CONFIG, UidSet.of("c")));
    assertEquals(ELIGIBLE, FeedEligibility.check(viewer, candidate, RUN, CONFIG, UidSet.of("x")));
  }

  @Test
  public void ageIsWholeYearsOnTheUtcDateOfAsOf() {
    assertEquals(30, FeedEligibility.ageOn(TODAY.minusYears(30), AS_OF));
    assertEquals(29, FeedEligibility.ageOn(TODAY.minusYears(30).plusDays(1), AS_OF));
    // 23:30 UTC on the day before the birthday is still the day before.
    assertEquals(29, FeedEligibility.ageOn(TODAY.minusYears(30).plusDays(1),
        java.time.Instant.parse("2026-11-20T23:30:00Z")));
    // A run as of a day before the birth (a backfill older than the account): 0, never negative.
    assertEquals(0, FeedEligibility.ageOn(TODAY.plusYears(2), AS_OF));
  }

  private static TestUsers user(String id) {
    return TestUsers.user(id);
  }
}
