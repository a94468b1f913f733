package com.avalo.precompute.analytics;

import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.RunContext;
import com.avalo.precompute.schemas.AnalyticsBucket;
import com.avalo.precompute.schemas.DocumentType;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * Writes {@code analytics:{metric}:{period}} documents of one run. Every document's values start
 * with {@code complete}: whether the bucket had ended by {@code asOf} (a bucket in progress is
 * written too, and rewritten by later runs).
 *
 * <p>A complete bucket's document stays fresh for {@link #CLOSED_BUCKET_RETENTION} after the
 * bucket's end, not for the analytics type's day: once it is past {@code --lateBuckets}, no
 * scheduled run writes it again, and with the type's expiry the serving tier would call a
 * backfilled October missing a day later, and Firestore's TTL policy would delete it.
 *
 * @param job the job writing the documents
 * @param run the run's context
 * @param zone the plan's zone id, as written in each document
 */
public record AnalyticsDocuments(String job, RunContext run, String zone) implements Serializable {

  /** How long a complete bucket stays after its end: a year, and a month to compare it with. */
  public static final Duration CLOSED_BUCKET_RETENTION = Duration.ofDays(400);

  /** Fresh values for {@code bucket}: {@code complete} set, the metric's figures to follow. */
  public ObjectNode values(Bucket bucket) {
    return values(!bucket.end().isAfter(run.asOf()));
  }

  /** Fresh values with {@code complete} as given (retention decides it by its last day). */
  public ObjectNode values(boolean complete) {
    ObjectNode values = JsonNodeFactory.instance.objectNode();
    values.put("complete", complete);
    return values;
  }

  /** The document of {@code metric} for {@code bucket}. */
  public CacheWrite write(String metric, Bucket bucket, ObjectNode values) {
    AnalyticsBucket payload = new AnalyticsBucket(metric, bucket.granularity().name(),
        bucket.period(), zone, bucket.start(), bucket.end(), values);
    return run.put(job, DocumentType.ANALYTICS.key(metric, bucket.period()), payload,
        expiresAt(bucket, values.path("complete").asBoolean(false)));
  }

  /**
   * A complete bucket's expiry: {@link #CLOSED_BUCKET_RETENTION} after its end, and never sooner
   * than the type's (a backfill of a bucket older than that keeps it as long as any document).
   */
  Instant expiresAt(Bucket bucket, boolean complete) {
    Instant typeExpiry = run.expiresAt(DocumentType.ANALYTICS);
    if (!complete) {
      return typeExpiry;
    }
    Instant kept = bucket.end().plus(CLOSED_BUCKET_RETENTION);
    return kept.isAfter(typeExpiry) ? kept : typeExpiry;
  }

  /** A rate, or null when there is nothing to divide by. */
  static Double rate(long part, long whole) {
    return whole == 0 ? null : (double) part / whole;
  }
}
