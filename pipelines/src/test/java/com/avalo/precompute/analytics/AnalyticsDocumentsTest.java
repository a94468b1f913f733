package com.avalo.precompute.analytics;

import static org.junit.Assert.assertEquals;

import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.schemas.DocumentType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/** When analytics documents expire: a closed bucket is kept, an open one is refreshed. */
public class AnalyticsDocumentsTest {
  private static final AnalyticsDocuments DOCUMENTS = AnalyticsFixtures.DOCUMENTS;

  @Test
  public void aCompleteBucketStaysFreshForTheRetentionAfterItsEnd() {
    Bucket october = Bucket.ofDay(LocalDate.parse("2026-10-15"), ZoneOffset.UTC);
    CacheWrite write = DOCUMENTS.write("revenue", october, DOCUMENTS.values(october));
    assertEquals(Instant.parse("2026-10-16T00:00:00Z").plus(AnalyticsDocuments.CLOSED_BUCKET_RETENTION),
        write.rendered().expiresAt());
  }

  @Test
  public void aBucketInProgressExpiresAsTheTypeSays() {
    // AS_OF is the morning of the 21st: the 21st is still in progress.
    Bucket today = Bucket.ofDay(LocalDate.parse("2026-11-21"), ZoneOffset.UTC);
    CacheWrite write = DOCUMENTS.write("revenue", today, DOCUMENTS.values(today));
    assertEquals(AnalyticsFixtures.RUN.expiresAt(DocumentType.ANALYTICS), write.rendered().expiresAt());
  }

  @Test
  public void aRetentionCohortStaysFreshBetweenTheDaysItsFiguresAreMeasured() {
    // An hourly schedule with two late buckets writes the cohort only around days 0, 1, 7 and 30.
    LocalDate cohort = LocalDate.parse("2026-10-01");
    Bucket day = Bucket.ofDay(cohort, ZoneOffset.UTC);
    Instant expiresAt = null;
    List<Instant> staleAt = new ArrayList<>();
    for (Instant tick = day.start().plusSeconds(300);
        tick.isBefore(day.start().plus(Duration.ofDays(33))); tick = tick.plusSeconds(3600)) {
      if (expiresAt != null && !tick.isBefore(expiresAt)) {
        staleAt.add(tick);
      }
      BucketPlan plan = BucketPlan.scheduled(ZoneOffset.UTC, tick, List.of(Granularity.day), 2,
          Duration.ZERO);
      if (plan.cohorts().contains(cohort)) {
        AnalyticsDocuments documents = AnalyticsFixtures.documentsAsOf(tick);
        expiresAt = documents.writeCohort(MeasureRetention.METRIC, day,
                documents.values(RetentionTotals.complete(cohort, ZoneOffset.UTC, tick)),
                RetentionTotals.finalAt(cohort, ZoneOffset.UTC))
            .rendered().expiresAt();
      }
    }
    assertEquals("hourly ticks at which the cohort's document had expired", List.of(), staleAt);
    assertEquals("complete: kept for the retention after its day 30",
        Instant.parse("2026-11-01T00:00:00Z").plus(AnalyticsDocuments.CLOSED_BUCKET_RETENTION),
        expiresAt);
  }

  @Test
  public void aBucketOlderThanTheRetentionStillGetsTheTypesExpiry() {
    Bucket old = Bucket.ofDay(LocalDate.parse("2024-01-01"), ZoneOffset.UTC);
    CacheWrite write = DOCUMENTS.write("revenue", old, DOCUMENTS.values(old));
    assertEquals(AnalyticsFixtures.RUN.expiresAt(DocumentType.ANALYTICS), write.rendered().expiresAt());
  }
}
