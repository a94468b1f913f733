package com.avalo.precompute.analytics;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class BucketPlanTest {
  private static final ZoneId UTC = ZoneOffset.UTC;
  private static final List<Granularity> ALL = List.of(Granularity.values());

  @Test
  public void aScheduledRunTakesTheCurrentBucketAndTheLateOnes() {
    BucketPlan plan = BucketPlan.scheduled(UTC, Instant.parse("2026-11-20T13:20:00Z"), ALL, 2, Duration.ZERO);
    assertEquals(List.of("2026-09", "2026-10", "2026-11", "2026-11-18", "2026-11-19", "2026-11-20",
        "2026-11-20T11", "2026-11-20T12", "2026-11-20T13", "2026-W45", "2026-W46", "2026-W47"),
        List.copyOf(plan.buckets().keySet()));
    // Cohorts whose D0, D1, D7 or D30 is one of the last three days.
    assertEquals(List.of("2026-10-19", "2026-10-20", "2026-10-21", "2026-11-11", "2026-11-12",
        "2026-11-13", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20"),
        plan.cohorts().stream().map(LocalDate::toString).toList());
  }

  @Test
  public void aScheduledRunAlsoTakesTheBucketsWhoseChatsMayStillGetAReply() {
    BucketPlan plan = BucketPlan.scheduled(UTC, Instant.parse("2026-11-20T13:20:00Z"), ALL, 2,
        Duration.ofHours(24));
    List<String> hours = plan.buckets().keySet().stream().filter(p -> p.contains("T")).toList();
    // 2026-11-19T13 ends 14:00, its last chat's window at 14:00 today: open. Then two late ones.
    assertEquals("2026-11-19T11", hours.get(0));
    assertEquals("2026-11-20T13", hours.get(hours.size() - 1));
    assertEquals(27, hours.size());
    assertTrue(plan.buckets().keySet().containsAll(List.of("2026-11-17", "2026-11-18",
        "2026-11-19", "2026-11-20", "2026-W45", "2026-W46", "2026-W47", "2026-09", "2026-10",
        "2026-11")));
    assertEquals(27 + 4 + 3 + 3, plan.buckets().size());
  }

  @Test
  public void hourlyRunsComputeEveryBucketAgainOnceItsReplyWindowsHaveClosed() {
    // Hourly at :05 across the autumn clock change in Warsaw, as the bundled schedule runs.
    ZoneId warsaw = ZoneId.of("Europe/Warsaw");
    Duration window = Duration.ofHours(24);
    List<BucketPlan> runs = new ArrayList<>();
    for (Instant tick = Instant.parse("2026-10-23T00:05:00Z");
        tick.isBefore(Instant.parse("2026-10-29T00:05:00Z")); tick = tick.plus(Duration.ofHours(1))) {
      runs.add(BucketPlan.scheduled(warsaw, tick, List.of(Granularity.hour, Granularity.day), 2,
          window));
    }
    Instant lastRun = runs.get(runs.size() - 1).asOf();
    int checked = 0;
    for (BucketPlan run : runs) {
      for (Bucket bucket : run.buckets().values()) {
        Instant windowsClosed = bucket.end().plus(window);
        if (windowsClosed.isAfter(lastRun)) {
          continue;
        }
        checked++;
        assertTrue(bucket.period() + " is never computed after its chats' windows closed at "
            + windowsClosed, runs.stream().anyMatch(later -> !later.asOf().isBefore(windowsClosed)
                && later.buckets().containsKey(bucket.period())));
      }
    }
    assertTrue(checked > 100);
  }

  @Test
  public void completeOnlyDropsTheBucketsInProgressAndTheCohortsBeforeTheirDay30Ends() {
    BucketPlan plan = BucketPlan.scheduled(UTC, Instant.parse("2026-11-20T13:20:00Z"), ALL, 2, Duration.ZERO)
        .completeOnly(Duration.ZERO);
    assertEquals(List.of("2026-09", "2026-10", "2026-11-18", "2026-11-19", "2026-11-20T11",
        "2026-11-20T12", "2026-W45", "2026-W46"), List.copyOf(plan.buckets().keySet()));
    // 2026-10-20's day 30 is 2026-11-19, ended; 2026-10-21's is the day in progress.
    assertEquals(List.of("2026-10-19", "2026-10-20"),
        plan.cohorts().stream().map(LocalDate::toString).toList());
  }

  /**
   * With engagement, a bucket's figures are final only once its chats' reply windows have closed:
   * an older window rerun after newer ones keeps to those, or it would write chats the newer runs
   * saw answered as still awaiting a reply, marked complete.
   */
  @Test
  public void completeOnlyWithEngagementKeepsOnlyBucketsWhoseReplyWindowsHaveClosed() {
    Duration replyWindow = Duration.ofHours(24);
    BucketPlan plan = BucketPlan.scheduled(UTC, Instant.parse("2026-11-20T13:20:00Z"),
        List.of(Granularity.hour, Granularity.day), 2, replyWindow).completeOnly(replyWindow);
    assertEquals(List.of("2026-11-17", "2026-11-18", "2026-11-19T11", "2026-11-19T12"),
        List.copyOf(plan.buckets().keySet()));
  }

  @Test
  public void aBackfillTakesEveryBucketOverlappingTheDaysButNoneAfterAsOf() {
    BucketPlan plan = BucketPlan.backfill(UTC, Instant.parse("2026-11-20T12:00:00Z"),
        List.of(Granularity.day, Granularity.week, Granularity.month),
        LocalDate.parse("2026-11-15"), LocalDate.parse("2026-11-22"));
    assertEquals(List.of("2026-11", "2026-11-15", "2026-11-16", "2026-11-17", "2026-11-18",
        "2026-11-19", "2026-11-20", "2026-W46", "2026-W47"), List.copyOf(plan.buckets().keySet()));
    assertEquals(LocalDate.parse("2026-11-15"), plan.cohorts().first());
    assertEquals(LocalDate.parse("2026-11-20"), plan.cohorts().last());

    BucketPlan hours = BucketPlan.backfill(UTC, Instant.parse("2027-01-01T00:00:00Z"),
        List.of(Granularity.hour), LocalDate.parse("2026-11-19"), LocalDate.parse("2026-11-20"));
    assertEquals(48, hours.buckets().size());
  }

  @Test
  public void aBackfillOfDaysThatHaveNotStartedIsRefusedNotAnEmptyRun() {
    IllegalArgumentException e = org.junit.Assert.assertThrows(IllegalArgumentException.class,
        () -> BucketPlan.backfill(UTC, Instant.parse("2026-12-03T16:00:00Z"), List.of(Granularity.day),
            LocalDate.parse("2027-01-01"), LocalDate.parse("2027-01-31")));
    assertEquals("--from=2027-01-01 --to=2027-01-31 --period=day: no bucket of the range has"
        + " started by the run's time 2026-12-03T16:00:00Z (in Z)", e.getMessage());
    assertEquals("the week holding a future day (Thursday 2026-12-03) has started", 1,
        BucketPlan.backfill(UTC, Instant.parse("2026-12-03T16:00:00Z"), List.of(Granularity.week),
            LocalDate.parse("2026-12-04"), LocalDate.parse("2026-12-04")).buckets().size());
    assertEquals("a range that has begun is cut at the run's time", 1,
        BucketPlan.backfill(UTC, Instant.parse("2026-12-03T16:00:00Z"), List.of(Granularity.day),
            LocalDate.parse("2026-12-03"), LocalDate.parse("2027-01-31")).buckets().size());
  }

  @Test
  public void eventsAfterAsOfOrOutsideThePlanBelongToNoBucket() {
    BucketPlan plan = BucketPlan.backfill(UTC, Instant.parse("2026-11-20T12:00:00Z"),
        List.of(Granularity.day, Granularity.month),
        LocalDate.parse("2026-11-20"), LocalDate.parse("2026-11-20"));
    assertEquals(List.of("2026-11-20", "2026-11"), plan.bucketsOf(Instant.parse("2026-11-20T12:00:00Z"))
        .stream().map(Bucket::period).toList());
    assertTrue(plan.bucketsOf(Instant.parse("2026-11-20T12:00:00.001Z")).isEmpty());
    assertEquals(List.of("2026-11"), plan.bucketsOf(Instant.parse("2026-11-19T12:00:00Z"))
        .stream().map(Bucket::period).toList());
  }

  /**
   * The search by start finds what labelling each instant's containing bucket finds, across DST
   * changes (a repeated and a skipped hour) and zones with half- and quarter-hour offsets.
   */
  @Test
  public void anEventsBucketsAreThoseOfItsContainingLabels() {
    for (String zone : List.of("Europe/Warsaw", "America/St_Johns", "Asia/Kathmandu", "UTC")) {
      ZoneId id = ZoneId.of(zone);
      Instant asOf = Instant.parse("2026-11-02T05:30:00Z");
      BucketPlan plan = BucketPlan.backfill(id, asOf, ALL,
          LocalDate.parse("2026-10-20"), LocalDate.parse("2026-11-01"));
      java.util.Random random = new java.util.Random(zone.hashCode());
      Instant from = Instant.parse("2026-09-25T00:00:00Z");
      for (int i = 0; i < 20_000; i++) {
        // Whole minutes near boundaries and random seconds in between.
        Instant instant = from.plusSeconds(i % 2 == 0 ? random.nextInt(40 * 86_400)
            : 60L * random.nextInt(40 * 1_440));
        List<String> expected = new java.util.ArrayList<>();
        if (!instant.isAfter(asOf)) {
          for (Granularity granularity : ALL) {
            String label = Bucket.containing(instant, granularity, id).period();
            if (plan.buckets().containsKey(label)) {
              expected.add(label);
            }
          }
        }
        assertEquals(zone + " " + instant, expected,
            plan.bucketsOf(instant).stream().map(Bucket::period).toList());
      }
    }
  }

  @Test
  public void activityCountsForTheCohortsItIsD1D7OrD30Of() {
    BucketPlan plan = BucketPlan.backfill(UTC, Instant.parse("2026-12-31T00:00:00Z"),
        List.of(Granularity.day), LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-01"));
    assertEquals(List.of(LocalDate.parse("2026-11-01")), plan.cohortsActiveOn(LocalDate.parse("2026-11-02")));
    assertEquals(List.of(LocalDate.parse("2026-11-01")), plan.cohortsActiveOn(LocalDate.parse("2026-12-01")));
    assertTrue(plan.cohortsActiveOn(LocalDate.parse("2026-11-03")).isEmpty());
    assertTrue("D0 is the signup day, not retention",
        plan.cohortsActiveOn(LocalDate.parse("2026-11-01")).isEmpty());
  }

  @Test
  public void rejectsAnEmptyOrHugeRange() {
    Instant asOf = Instant.parse("2030-01-01T00:00:00Z");
    assertThrows(IllegalArgumentException.class, () -> BucketPlan.backfill(UTC, asOf, ALL,
        LocalDate.parse("2026-11-20"), LocalDate.parse("2026-11-19")));
    IllegalArgumentException huge = assertThrows(IllegalArgumentException.class, () ->
        BucketPlan.backfill(UTC, asOf, List.of(Granularity.hour), LocalDate.parse("2015-01-01"),
            LocalDate.parse("2029-01-01")));
    assertTrue(huge.getMessage(), huge.getMessage().contains("smaller ranges"));
  }
}
