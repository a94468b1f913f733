package com.avalo.precompute.schedule;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.schemas.DocumentType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** Expiry per type for one-off runs, and following the schedule for scheduled ones. */
public class ExpiryRuleTest {
  private static final Duration GRACE = Duration.ofMinutes(30);

  private static Map<DocumentType, Duration> freshness(Duration each) {
    Map<DocumentType, Duration> map = new EnumMap<>(DocumentType.class);
    for (DocumentType type : DocumentType.values()) {
      map.put(type, each);
    }
    return map;
  }

  @Test
  public void oneOffRunsKeepEachTypesFreshnessFromWhenTheyRan() {
    Map<DocumentType, Duration> freshness = freshness(Duration.ofHours(1));
    freshness.put(DocumentType.USER_STATS, Duration.ofHours(6));
    ExpiryRule rule = ExpiryRule.perType(freshness);
    Instant computedAt = Instant.parse("2026-11-20T10:00:00Z");
    assertEquals(Instant.parse("2026-11-20T16:00:00Z"), rule.expiresAt(DocumentType.USER_STATS, computedAt));
    assertEquals(Instant.parse("2026-11-20T11:00:00Z"), rule.expiresAt(DocumentType.CHATS, computedAt));
    assertEquals(Instant.parse("2026-11-20T12:00:00Z"),
        ExpiryRule.fixed(Duration.ofHours(2)).expiresAt(DocumentType.CHATS, computedAt));
  }

  @Test
  public void aTypeWithoutFreshnessIsRefused() {
    Map<DocumentType, Duration> freshness = freshness(Duration.ofHours(1));
    freshness.remove(DocumentType.MEDIA);
    assertEquals("no freshness for document type media",
        assertThrows(IllegalArgumentException.class, () -> ExpiryRule.perType(freshness)).getMessage());
  }

  @Test
  public void aScheduledDocumentLivesUntilTheNextTickPlusGraceWhateverItsType() {
    Cadence hourly = Cadence.parse("5 * * * *", "Etc/UTC");
    ScheduleWindow window = hourly.windowEndingAt(Instant.parse("2026-11-20T10:05:00Z"));
    ExpiryRule rule = ExpiryRule.followingSchedule(hourly, window, GRACE);
    // Computed late (a retry) or early, any type: the deadline is the next run's tick plus grace.
    for (DocumentType type : DocumentType.values()) {
      assertEquals(Instant.parse("2026-11-20T11:35:00Z"), rule.expiresAt(type, Instant.parse("2026-11-20T10:11:00Z")));
    }
  }

  @Test
  public void aSkippedDstTickStretchesTheExpiryToTheTickAfter() {
    // 02:30 does not happen in Warsaw on 2026-03-29, so the run of the 28th must last until the 30th.
    Cadence daily = Cadence.parse("30 2 * * *", "Europe/Warsaw");
    ScheduleWindow window = daily.windowEndingAt(Instant.parse("2026-03-28T01:30:00Z"));
    assertEquals(Instant.parse("2026-03-30T01:00:00Z"), ExpiryRule.followingSchedule(daily, window, GRACE)
        .expiresAt(DocumentType.PROFILE, window.end()));
  }

  @Test
  public void underAScheduleNoDocumentIsEverExpiredBetweenRuns() {
    for (String cron : List.of("40 2 * * *", "*/10 * * * *", "20 */6 * * *", "0 0 1 * *")) {
      Cadence cadence = Cadence.parse(cron, "Etc/UTC");
      Instant tick = cadence.nextTick(Instant.parse("2028-01-01T00:00:00Z")).orElseThrow();
      for (int run = 0; run < 400; run++) {
        ScheduleWindow window = cadence.windowEndingAt(tick);
        Instant next = cadence.nextTick(tick).orElseThrow();
        Instant expiresAt = ExpiryRule.followingSchedule(cadence, window, GRACE)
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
    Instant perType = ExpiryRule.perType(Map.of(DocumentType.USER_STATS, Duration.ofHours(6),
        DocumentType.PROFILE, Duration.ofHours(24), DocumentType.USER_TOKENS, Duration.ofHours(1),
        DocumentType.FEED_PAGE, Duration.ofHours(6), DocumentType.MATCHES, Duration.ofHours(6),
        DocumentType.CHATS, Duration.ofHours(1), DocumentType.COUNT, Duration.ofHours(1),
        DocumentType.ANALYTICS, Duration.ofHours(24), DocumentType.POST, Duration.ofHours(24),
        DocumentType.MEDIA, Duration.ofHours(24))).expiresAt(DocumentType.USER_STATS, tick);
    assertEquals(Duration.ofHours(18), Duration.between(perType, nextRun));
    Instant scheduled = ExpiryRule.followingSchedule(daily, daily.windowEndingAt(tick), GRACE)
        .expiresAt(DocumentType.USER_STATS, tick);
    assertTrue(scheduled.isAfter(nextRun));
  }

  @Test
  public void rulesSerializeForTheWorkers() throws Exception {
    Cadence hourly = Cadence.parse("5 * * * *", "Etc/UTC");
    ExpiryRule rule = ExpiryRule.followingSchedule(hourly,
        hourly.windowEndingAt(Instant.parse("2026-11-20T10:05:00Z")), GRACE);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(rule);
      out.writeObject(ExpiryRule.perType(freshness(Duration.ofHours(1))));
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      ExpiryRule copy = (ExpiryRule) in.readObject();
      assertEquals(Instant.parse("2026-11-20T11:35:00Z"), copy.expiresAt(DocumentType.COUNT, Instant.EPOCH));
      assertEquals(Instant.parse("1970-01-01T01:00:00Z"),
          ((ExpiryRule) in.readObject()).expiresAt(DocumentType.COUNT, Instant.EPOCH));
    }
  }
}
