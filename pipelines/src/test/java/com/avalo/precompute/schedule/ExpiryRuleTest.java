package com.avalo.precompute.schedule;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.io.RefreshPolicy;
import com.avalo.precompute.schemas.DocumentType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.Test;

/** Expiry per type for one-off runs, and following the schedule (k ticks on) for scheduled ones. */
public class ExpiryRuleTest {
  private static final Duration GRACE = Duration.ofMinutes(30);

  @Test
  public void oneOffRunsKeepEachTypesFreshnessFromWhenTheyRan() {
    Instant computedAt = Instant.parse("2026-11-20T10:00:00Z");
    for (DocumentType type : DocumentType.values()) {
      assertEquals(computedAt.plus(type.defaultFreshness()), ExpiryRule.perType().expiresAt(type, computedAt));
    }
    assertEquals(Instant.parse("2026-11-20T12:00:00Z"),
        ExpiryRule.fixed(Duration.ofHours(2)).expiresAt(DocumentType.CHATS, computedAt));
  }

  @Test
  public void aScheduledDocumentLivesUntilTheNextTickPlusGraceWhateverItsType() {
    Cadence hourly = Cadence.parse("5 * * * *", "Etc/UTC");
    ScheduleWindow window = hourly.windowEndingAt(Instant.parse("2026-11-20T10:05:00Z"));
    ScheduleRefresh rule = ExpiryRule.followingSchedule(hourly, window, GRACE, 1);
    // Computed late (a retry) or early, any type: the deadline is the next run's tick plus grace.
    for (DocumentType type : DocumentType.values()) {
      assertEquals(Instant.parse("2026-11-20T11:35:00Z"), rule.expiresAt(type, Instant.parse("2026-11-20T10:11:00Z")));
      assertEquals(Instant.parse("2026-11-20T11:35:00Z"), rule.expiresAt(type));
    }
  }

  @Test
  public void expiryTicksCarryTheDeadlineKTicksOnWhileTheRefreshIsDueAtTheTickAfterNext() {
    Cadence hourly = Cadence.parse("5 * * * *", "Etc/UTC");
    ScheduleWindow window = hourly.windowEndingAt(Instant.parse("2026-11-20T10:05:00Z"));
    ScheduleRefresh three = ExpiryRule.followingSchedule(hourly, window, GRACE, 3);
    assertEquals(Instant.parse("2026-11-20T13:35:00Z"), three.expiresAt(DocumentType.COUNT));
    assertEquals(Instant.parse("2026-11-20T12:35:00Z"), three.nextRefreshDue());
    assertEquals(Instant.parse("2026-11-20T11:35:00Z"),
        ExpiryRule.followingSchedule(hourly, window, GRACE, 1).nextRefreshDue());
    assertThrows(IllegalArgumentException.class, () -> ExpiryRule.followingSchedule(hourly, window, GRACE, 0));
  }

  @Test
  public void aStoredDocumentIsLeftAloneOnlyWhenItOutlivesTheRefreshDeadlineToTheNanosecond() {
    Cadence tenMinutes = Cadence.parse("*/10 * * * *", "Etc/UTC");
    ScheduleWindow window = tenMinutes.windowEndingAt(Instant.parse("2026-11-20T10:10:00Z"));
    RefreshPolicy refresh = ExpiryRule.followingSchedule(tenMinutes, window, GRACE, 3);
    Instant due = Instant.parse("2026-11-20T11:00:00Z"); // the tick after next, plus grace
    for (DocumentType type : DocumentType.values()) {
      assertTrue(refresh.coversNextRefresh(type, due));
      assertTrue(refresh.coversNextRefresh(type, due.plusNanos(1)));
      assertFalse(refresh.coversNextRefresh(type, due.minusNanos(1)));
    }
  }

  @Test
  public void withKTicksARunLeavesItsUnchangedDocumentsToKMinusTwoFollowingRuns() {
    Cadence cadence = Cadence.parse("*/10 * * * *", "Etc/UTC");
    for (int k = 1; k <= 5; k++) {
      Instant tick = Instant.parse("2026-11-20T10:00:00Z");
      Instant stored = ExpiryRule.followingSchedule(cadence, cadence.windowEndingAt(tick), GRACE, k)
          .expiresAt(DocumentType.CHATS);
      int skipped = 0;
      for (int run = 1; run <= k; run++) {
        tick = cadence.nextTick(tick).orElseThrow();
        ScheduleRefresh refresh = ExpiryRule.followingSchedule(cadence, cadence.windowEndingAt(tick), GRACE, k);
        if (refresh.coversNextRefresh(DocumentType.CHATS, stored)) {
          skipped++;
        } else {
          stored = refresh.expiresAt(DocumentType.CHATS);
          break;
        }
      }
      assertEquals("k=" + k, Math.max(0, k - 2), skipped);
    }
  }

  /**
   * With k >= 2, an unchanged document left alone is never one failed run from expiring: after
   * every run it is fresh through the tick after next, plus grace. Left alone while it covered
   * just the next tick, every k-th run left all of a job's unchanged documents (one phase) so.
   */
  @Test
  public void withKTicksOneFailedRunNeverExpiresAnUnchangedDocument() {
    Cadence daily = Cadence.parse("40 2 * * *", "Etc/UTC");
    for (int k = 2; k <= 4; k++) {
      Instant tick = daily.nextTick(Instant.parse("2026-11-20T00:00:00Z")).orElseThrow();
      Instant stored = ExpiryRule.followingSchedule(daily, daily.windowEndingAt(tick), GRACE, k)
          .expiresAt(DocumentType.PROFILE);
      for (int run = 0; run < 30; run++) {
        tick = daily.nextTick(tick).orElseThrow();
        ScheduleRefresh refresh = ExpiryRule.followingSchedule(daily, daily.windowEndingAt(tick), GRACE, k);
        if (!refresh.coversNextRefresh(DocumentType.PROFILE, stored)) {
          stored = refresh.expiresAt(DocumentType.PROFILE);
        }
        Instant afterNext = daily.tickAfter(tick, 2).orElseThrow();
        assertTrue("k=" + k + " after the run of " + tick + " the document expires at " + stored,
            !stored.isBefore(afterNext.plus(GRACE)));
      }
    }
  }

  @Test
  public void aSkippedDstTickStretchesTheExpiryToTheTickAfter() {
    // 02:30 does not happen in Warsaw on 2026-03-29, so the run of the 28th must last until the 30th.
    Cadence daily = Cadence.parse("30 2 * * *", "Europe/Warsaw");
    ScheduleWindow window = daily.windowEndingAt(Instant.parse("2026-03-28T01:30:00Z"));
    assertEquals(Instant.parse("2026-03-30T01:00:00Z"), ExpiryRule.followingSchedule(daily, window, GRACE, 1)
        .expiresAt(DocumentType.PROFILE, window.end()));
    assertEquals(Instant.parse("2026-03-31T01:00:00Z"), ExpiryRule.followingSchedule(daily, window, GRACE, 2)
        .expiresAt(DocumentType.PROFILE));
  }

  @Test
  public void underAScheduleNoDocumentIsEverExpiredBetweenRuns() {
    for (String cron : List.of("40 2 * * *", "*/10 * * * *", "20 */6 * * *", "0 0 1 * *")) {
      Cadence cadence = Cadence.parse(cron, "Etc/UTC");
      Instant tick = cadence.nextTick(Instant.parse("2028-01-01T00:00:00Z")).orElseThrow();
      for (int run = 0; run < 400; run++) {
        ScheduleWindow window = cadence.windowEndingAt(tick);
        Instant next = cadence.nextTick(tick).orElseThrow();
        Instant expiresAt = ExpiryRule.followingSchedule(cadence, window, GRACE, 1)
            .expiresAt(DocumentType.USER_STATS, tick);
        // One nanosecond before the next run's grace runs out the document is still fresh.
        assertTrue(cron + " at " + tick, next.plus(GRACE).minusNanos(1).isBefore(expiresAt));
        assertFalse(cron + " at " + tick, next.plus(GRACE).isBefore(expiresAt));
        tick = next;
      }
    }
  }

  @Test
  public void perTypeExpiryOnADailyScheduleLeavesAGapThatTheScheduleRuleCloses() {
    // The example: stats fresh for 6 h, computed once a day, read as missing 18 h a day.
    Cadence daily = Cadence.parse("40 2 * * *", "Etc/UTC");
    Instant tick = Instant.parse("2026-11-20T02:40:00Z");
    Instant nextRun = daily.nextTick(tick).orElseThrow();
    Instant perType = ExpiryRule.perType().expiresAt(DocumentType.USER_STATS, tick);
    assertEquals(Duration.ofHours(18), Duration.between(perType, nextRun));
    Instant scheduled = ExpiryRule.followingSchedule(daily, daily.windowEndingAt(tick), GRACE, 1)
        .expiresAt(DocumentType.USER_STATS, tick);
    assertTrue(scheduled.isAfter(nextRun));
  }

  @Test
  public void rulesSerializeForTheWorkers() throws Exception {
    Cadence hourly = Cadence.parse("5 * * * *", "Etc/UTC");
    ExpiryRule rule = ExpiryRule.followingSchedule(hourly,
        hourly.windowEndingAt(Instant.parse("2026-11-20T10:05:00Z")), GRACE, 1);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(rule);
      out.writeObject(ExpiryRule.perType());
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      ExpiryRule copy = (ExpiryRule) in.readObject();
      assertEquals(Instant.parse("2026-11-20T11:35:00Z"), copy.expiresAt(DocumentType.COUNT, Instant.EPOCH));
      assertEquals(Instant.EPOCH.plus(DocumentType.COUNT.defaultFreshness()),
          ((ExpiryRule) in.readObject()).expiresAt(DocumentType.COUNT, Instant.EPOCH));
    }
  }
}
