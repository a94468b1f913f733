package com.avalo.precompute.seed;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import org.junit.Test;

/** The small pieces every phase relies on: ids, timestamps, random streams, config checks. */
public class BuildingBlocksTest {
  @Test
  public void idsAreTwentyAlphanumericsUniqueAndNotSequentialLooking() {
    Ids ids = new Ids(42, "users");
    Set<String> seen = new HashSet<>();
    for (long ordinal = 0; ordinal < 200_000; ordinal++) {
      String id = ids.of(ordinal);
      assertTrue(id, SeedFiles.ID.matcher(id).matches());
      assertTrue("duplicate id " + id, seen.add(id));
    }
    // Consecutive ordinals must not share a prefix: that is what hotspots Firestore.
    assertNotEquals(ids.of(1).substring(0, 4), ids.of(2).substring(0, 4));
    assertNotEquals(ids.of(0), new Ids(42, "likes").of(0));
    assertNotEquals(ids.of(0), new Ids(43, "users").of(0));
    assertEquals(ids.of(12), new Ids(42, "users").of(12));
  }

  @Test
  public void timestampsFormatLikeInstantAtSecondPrecision() {
    SeedRandom rng = new SeedRandom(1);
    long[] fixed = {0, 86_399, 86_400, 951_782_400 /* 2000-02-29 */, 1_795_392_000L,
        4_102_444_799L /* 2099-12-31T23:59:59Z */};
    for (long second : fixed) {
      assertEquals(Instant.ofEpochSecond(second).toString(), Timestamps.format(second));
    }
    for (int i = 0; i < 100_000; i++) {
      long second = rng.nextLongBetween(0, 4_102_444_799L);
      assertEquals(Instant.ofEpochSecond(second).toString(), Timestamps.format(second));
    }
    assertThat(Timestamps.formatDate(LocalDate.of(2026, 11, 23).toEpochDay()), is("2026-11-23"));
  }

  @Test
  public void keyedStreamsAreReproducibleAndIndependent() {
    assertEquals(SeedRandom.stream(42, 1, 7).nextLong(), SeedRandom.stream(42, 1, 7).nextLong());
    assertNotEquals(SeedRandom.stream(42, 1, 7).nextLong(), SeedRandom.stream(42, 1, 8).nextLong());
    assertNotEquals(SeedRandom.stream(42, 1, 7).nextLong(), SeedRandom.stream(42, 2, 7).nextLong());
    SeedRandom rng = new SeedRandom(3);
    for (int i = 0; i < 10_000; i++) {
      double u = rng.nextDouble();
      assertTrue(u >= 0 && u < 1);
      int bounded = rng.nextInt(7);
      assertTrue(bounded >= 0 && bounded < 7);
    }
  }

  @Test
  public void fixedDecimalsDoNotDependOnDoublePrinting() {
    assertThat(UsersPhase.fixed6(40.7128), is("40.712800"));
    assertThat(UsersPhase.fixed6(-0.1278), is("-0.127800"));
    assertThat(UsersPhase.fixed6(-74.00600049), is("-74.006000"));
    assertThat(UsersPhase.fixed6(151.2093), is("151.209300"));
  }

  @Test
  public void configRejectsNonsenseAndTruncatesTheAnchorToSeconds() {
    SeedConfig config = SeedConfig.defaults().withAnchor(Instant.parse("2026-01-01T00:00:00.750Z"));
    assertThat(config.anchor(), is(Instant.parse("2026-01-01T00:00:00Z")));
    assertThrows(IllegalArgumentException.class, () -> SeedConfig.defaults().withUsers(1));
    assertThrows(IllegalArgumentException.class,
        () -> SeedConfig.defaults().withAnchor(Instant.EPOCH));
    SeedConfig d = SeedConfig.defaults();
    assertThrows(IllegalArgumentException.class, () -> new SeedConfig(d.users(), d.seed(),
        d.anchor(), d.signupSpanDays(), d.activityWindowDays(), d.swipesPerUser(),
        d.matchesPerUser(), d.maxMatchesPerUser(), d.celebrityReach(), d.popularitySkew(),
        d.messagesPerChat(), 1.5, d.refundRate(), d.apiCallsPerSession()));
  }
}
