package com.avalo.precompute.analytics;

import static org.junit.Assert.assertEquals;

import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.schemas.DocumentType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
  public void aBucketOlderThanTheRetentionStillGetsTheTypesExpiry() {
    Bucket old = Bucket.ofDay(LocalDate.parse("2024-01-01"), ZoneOffset.UTC);
    CacheWrite write = DOCUMENTS.write("revenue", old, DOCUMENTS.values(old));
    assertEquals(AnalyticsFixtures.RUN.expiresAt(DocumentType.ANALYTICS), write.rendered().expiresAt());
  }
}
