package com.avalo.precompute.schedule;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.Test;

/** Cron to ticks and windows: UTC, DST gap and overlap in Europe/Warsaw, month ends and Feb 29. */
public class CadenceTest {

  private static Instant at(String text) {
    return Instant.parse(text);
  }

  private static List<Instant> ticks(Cadence cadence, String from, int count) {
    List<Instant> ticks = new ArrayList<>();
    Instant tick = at(from);
    for (int i = 0; i < count; i++) {
      tick = cadence.nextTick(tick).orElseThrow();
      ticks.add(tick);
    }
    return ticks;
  }

  private static List<Instant> instants(String... texts) {
    return java.util.Arrays.stream(texts).map(Instant::parse).toList();
  }

  @Test
  public void utcEveryFifteenMinutesMapsATickToTheQuarterBeforeIt() {
    Cadence cadence = Cadence.parse("*/15 * * * *", "Etc/UTC");
    assertEquals(instants("2026-11-20T10:15:00Z", "2026-11-20T10:30:00Z"),
        ticks(cadence, "2026-11-20T10:07:00Z", 2));
    ScheduleWindow window = cadence.windowEndingAt(at("2026-11-20T10:30:00Z"));
    assertEquals(new ScheduleWindow(at("2026-11-20T10:15:00Z"), at("2026-11-20T10:30:00Z")), window);
    assertEquals(at("2026-11-20T10:30:00Z"), window.asOf());
    assertEquals(window, cadence.windowStartingAt(at("2026-11-20T10:15:00Z")));
  }

  @Test
  public void aLaunchComputesTheWindowOfTheLatestTickNotAfterIt() {
    Cadence cadence = Cadence.parse("5 * * * *", "UTC");
    // Exactly on the tick, and a retry 40 minutes later: both compute the window ending at 10:05.
    ScheduleWindow expected = new ScheduleWindow(at("2026-11-20T09:05:00Z"), at("2026-11-20T10:05:00Z"));
    assertEquals(expected, cadence.latestWindow(at("2026-11-20T10:05:00Z")));
    assertEquals(expected, cadence.latestWindow(at("2026-11-20T11:04:59.999Z")));
    assertEquals(at("2026-11-20T11:05:00Z"), cadence.latestWindow(at("2026-11-20T11:05:00Z")).end());
  }

  @Test
  public void anInstantThatIsNoTickIsNoWindowBoundary() {
    Cadence cadence = Cadence.parse("0 * * * *", "Etc/UTC");
    assertFalse(cadence.isTick(at("2026-11-20T10:30:00Z")));
    assertFalse(cadence.isTick(at("2026-11-20T10:00:00.001Z")));
    assertTrue(cadence.isTick(at("2026-11-20T10:00:00Z")));
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> cadence.windowStartingAt(at("2026-11-20T10:30:00Z")));
    assertThat(error.getMessage(), containsString("is not a tick of cron '0 * * * *'"));
    assertThat(error.getMessage(), containsString("the tick before is 2026-11-20T10:00:00Z"));
  }

  @Test
  public void hourlyInWarsawStaysHourlyAcrossTheSpringGap() {
    // 2026-03-29: at 02:00 CET the clocks jump to 03:00 CEST; 02:00 local does not exist.
    Cadence cadence = Cadence.parse("0 * * * *", "Europe/Warsaw");
    assertEquals(instants("2026-03-29T00:00:00Z", "2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z"),
        ticks(cadence, "2026-03-28T23:30:00Z", 3));
    assertEquals(new ScheduleWindow(at("2026-03-29T00:00:00Z"), at("2026-03-29T01:00:00Z")),
        cadence.windowEndingAt(at("2026-03-29T01:00:00Z")));
  }

  @Test
  public void hourlyInWarsawFiresTwiceInTheRepeatedAutumnHour() {
    // 2026-10-25: at 03:00 CEST the clocks go back to 02:00 CET; 02:00 local happens twice.
    Cadence cadence = Cadence.parse("0 * * * *", "Europe/Warsaw");
    assertEquals(instants("2026-10-25T00:00:00Z", "2026-10-25T01:00:00Z", "2026-10-25T02:00:00Z"),
        ticks(cadence, "2026-10-24T23:30:00Z", 3));
  }

  @Test
  public void aDailyTickInsideTheSpringGapIsSkipped() {
    // 02:30 does not exist in Warsaw on 2026-03-29: no run that day, so one window spans 47 hours.
    Cadence cadence = Cadence.parse("30 2 * * *", "Europe/Warsaw");
    assertEquals(instants("2026-03-28T01:30:00Z", "2026-03-30T00:30:00Z"),
        ticks(cadence, "2026-03-27T12:00:00Z", 2));
    ScheduleWindow window = cadence.windowEndingAt(at("2026-03-30T00:30:00Z"));
    assertEquals(at("2026-03-28T01:30:00Z"), window.start());
    assertEquals(Duration.ofHours(47), Duration.between(window.start(), window.end()));
  }

  @Test
  public void aDailyTickInsideTheAutumnOverlapFiresTwice() {
    // 02:30 happens twice in Warsaw on 2026-10-25, as Cloud Scheduler fires it twice.
    Cadence cadence = Cadence.parse("30 2 * * *", "Europe/Warsaw");
    assertEquals(instants("2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z",
        "2026-10-26T01:30:00Z"), ticks(cadence, "2026-10-23T12:00:00Z", 4));
    assertEquals(new ScheduleWindow(at("2026-10-25T00:30:00Z"), at("2026-10-25T01:30:00Z")),
        cadence.windowEndingAt(at("2026-10-25T01:30:00Z")));
    assertEquals(new ScheduleWindow(at("2026-10-25T01:30:00Z"), at("2026-10-26T01:30:00Z")),
        cadence.windowEndingAt(at("2026-10-26T01:30:00Z")));
  }

  @Test
  public void windowsTileAYearOfWarsawTicksForwardAndBackward() {
    for (String cron : List.of("30 2 * * *", "0 * * * *", "*/20 1-3 * * *", "0 2 * * 0")) {
      Cadence cadence = Cadence.parse(cron, "Europe/Warsaw");
      Instant tick = cadence.nextTick(at("2026-01-01T00:00:00Z")).orElseThrow();
      while (tick.isBefore(at("2027-01-01T00:00:00Z"))) {
        Instant next = cadence.nextTick(tick).orElseThrow();
        assertEquals(cron + " before " + next, Optional.of(tick),
            cadence.latestTickAtOrBefore(next.minusNanos(1)));
        assertEquals(cron, new ScheduleWindow(tick, next), cadence.windowEndingAt(next));
        tick = next;
      }
    }
  }

  @Test
  public void theThirtyFirstSkipsShortMonths() {
    Cadence cadence = Cadence.parse("0 0 31 * *", "Etc/UTC");
    assertEquals(instants("2026-01-31T00:00:00Z", "2026-03-31T00:00:00Z", "2026-05-31T00:00:00Z"),
        ticks(cadence, "2026-01-01T00:00:00Z", 3));
    assertEquals(new ScheduleWindow(at("2026-01-31T00:00:00Z"), at("2026-03-31T00:00:00Z")),
        cadence.windowEndingAt(at("2026-03-31T00:00:00Z")));
  }

  @Test
  public void theLastHourOfEveryMonthEndsAtTheMonthBoundary() {
    Cadence cadence = Cadence.parse("0 0 1 * *", "Etc/UTC");
    assertEquals(new ScheduleWindow(at("2028-02-01T00:00:00Z"), at("2028-03-01T00:00:00Z")),
        cadence.windowEndingAt(at("2028-03-01T00:00:00Z")));
    assertEquals(new ScheduleWindow(at("2026-12-01T00:00:00Z"), at("2027-01-01T00:00:00Z")),
        cadence.latestWindow(at("2027-01-15T00:00:00Z")));
  }

  @Test
  public void februaryTwentyNinthComesEveryFourYears() {
    Cadence cadence = Cadence.parse("0 12 29 2 *", "Etc/UTC");
    assertEquals(instants("2028-02-29T12:00:00Z", "2032-02-29T12:00:00Z"),
        ticks(cadence, "2026-01-01T00:00:00Z", 2));
    assertEquals(new ScheduleWindow(at("2024-02-29T12:00:00Z"), at("2028-02-29T12:00:00Z")),
        cadence.latestWindow(at("2028-03-01T00:00:00Z")));
    // A daily cron passes through Feb 29 like any other day.
    Cadence daily = Cadence.parse("0 0 * * *", "Etc/UTC");
    assertEquals(instants("2028-02-29T00:00:00Z", "2028-03-01T00:00:00Z"),
        ticks(daily, "2028-02-28T00:00:00Z", 2));
  }

  @Test
  public void dayOfMonthAndDayOfWeekTogetherMeanEither() {
    // As in Vixie cron and Cloud Scheduler: the 1st of the month or any Monday.
    Cadence cadence = Cadence.parse("0 0 1 * MON", "Etc/UTC");
    assertEquals(instants("2026-01-26T00:00:00Z", "2026-02-01T00:00:00Z", "2026-02-02T00:00:00Z"),
        ticks(cadence, "2026-01-25T00:00:00Z", 3));
    assertTrue(Cadence.parse("0 0 * * 7", "Etc/UTC").isTick(at("2026-01-04T00:00:00Z")));
  }

  @Test
  public void gapsReportTheShortestAndLongestStretchBetweenTicks() {
    Cadence.Gaps gaps = Cadence.parse("30 2 * * *", "Europe/Warsaw")
        .gaps(at("2026-01-01T00:00:00Z"), Duration.ofDays(366)).orElseThrow();
    // The repeated autumn 02:30 fires an hour after the first; the skipped spring one leaves 47 h.
    assertEquals(Duration.ofHours(1), gaps.shortest());
    assertEquals(Duration.ofHours(47), gaps.longest());
    Cadence.Gaps utc = Cadence.parse("30 2 * * *", "Etc/UTC")
        .gaps(at("2026-01-01T00:00:00Z"), Duration.ofDays(366)).orElseThrow();
    assertEquals(new Cadence.Gaps(Duration.ofDays(1), Duration.ofDays(1)), utc);
    Cadence.Gaps leap = Cadence.parse("0 12 29 2 *", "Etc/UTC")
        .gaps(at("2026-01-01T00:00:00Z"), Duration.ofDays(366)).orElseThrow();
    assertEquals(Duration.between(at("2028-02-29T12:00:00Z"), at("2032-02-29T12:00:00Z")), leap.longest());
  }

  @Test
  public void aCronThatNeverFiresHasNoTicks() {
    Cadence never = Cadence.parse("0 0 30 2 *", "Etc/UTC");
    assertEquals(Optional.empty(), never.nextTick(at("2026-01-01T00:00:00Z")));
    assertEquals(Optional.empty(), never.gaps(at("2026-01-01T00:00:00Z"), Duration.ofDays(366)));
  }

  @Test
  public void badExpressionsAndZonesSayWhatIsWrong() {
    assertThat(assertThrows(IllegalArgumentException.class, () -> Cadence.parse("61 * * * *", "UTC"))
        .getMessage(), containsString("Value 61 not in range [0, 59]"));
    assertThat(assertThrows(IllegalArgumentException.class, () -> Cadence.parse("* * *", "UTC"))
        .getMessage(), containsString("is not a 5-field unix-cron"));
    assertThat(assertThrows(IllegalArgumentException.class, () -> Cadence.parse("0 0 L * *", "UTC"))
        .getMessage(), containsString("Invalid chars"));
    assertThat(assertThrows(IllegalArgumentException.class, () -> Cadence.parse("@daily", "UTC"))
        .getMessage(), containsString("@daily"));
    assertThat(assertThrows(IllegalArgumentException.class, () -> Cadence.parse("0 * * * *", "Mars/Olympus"))
        .getMessage(), containsString("'Mars/Olympus' is not a tz-database zone"));
    // java.time reads offsets and these ids too, but Cloud Scheduler's time_zone does not.
    for (String zone : List.of("Z", "UT", "+01:00", "GMT+1", "UTC+01:00")) {
      assertThat(assertThrows(IllegalArgumentException.class, () -> Cadence.parse("0 * * * *", zone))
          .getMessage(), containsString("'" + zone + "' is not a tz-database zone"));
    }
    assertEquals("Etc/GMT-1", Cadence.parse("0 * * * *", "Etc/GMT-1").zone().getId());
  }

  @Test
  public void theKthTickAfterStepsOverASkippedDstTick() {
    Cadence daily = Cadence.parse("30 2 * * *", "Europe/Warsaw");
    Instant from = at("2026-03-28T01:30:00Z");
    // 02:30 on the 29th does not exist: the first tick after the 28th's is on the 30th.
    assertEquals(Optional.of(at("2026-03-30T00:30:00Z")), daily.tickAfter(from, 1));
    assertEquals(daily.nextTick(from), daily.tickAfter(from, 1));
    assertEquals(Optional.of(at("2026-04-01T00:30:00Z")), daily.tickAfter(from, 3));
    assertThrows(IllegalArgumentException.class, () -> daily.tickAfter(from, 0));
  }
}
