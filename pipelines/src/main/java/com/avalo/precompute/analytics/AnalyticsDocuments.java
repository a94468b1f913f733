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

  /** The document of {@code metric} for {@code bucket}, rewritten by every run while open. */
  public CacheWrite write(String metric, Bucket bucket, ObjectNode values) {
    boolean complete = values.path("complete").asBoolean(false);
    return write(metric, bucket, values, complete ? closedExpiry(bucket.end()) : typeExpiry());
  }

  /**
   * The document of a retention cohort, whose figures are final at {@code finalAt} (the end of
   * its day 30). A scheduled run writes it only on the days one of its figures is measured, so
   * while it is open it stays fresh until {@code finalAt} and the type's freshness after it, when
   * the run that completes it has written it again; the figures it holds meanwhile are final.
   */
  public CacheWrite writeCohort(String metric, Bucket cohort, ObjectNode values, Instant finalAt) {
    boolean complete = values.path("complete").asBoolean(false);
    return write(metric, cohort, values, complete ? closedExpiry(finalAt)
        : later(typeExpiry(), finalAt.plus(DocumentType.ANALYTICS.defaultFreshness())));
  }

  private CacheWrite write(String metric, Bucket bucket, ObjectNode values, Instant expiresAt) {
    AnalyticsBucket payload = new AnalyticsBucket(metric, bucket.granularity().name(),
        bucket.period(), zone, bucket.start(), bucket.end(), values);
    return run.put(job, DocumentType.ANALYTICS.key(metric, bucket.period()), payload, expiresAt);
  }

  /**
   * A complete bucket's expiry: {@link #CLOSED_BUCKET_RETENTION} after it became final, and never
   * sooner than the type's (a backfill of a bucket older than that keeps it as long as any other
   * document).
   */
  private Instant closedExpiry(Instant finalAt) {
    return later(typeExpiry(), finalAt.plus(CLOSED_BUCKET_RETENTION));
  }

  private Instant typeExpiry() {
    return run.expiresAt(DocumentType.ANALYTICS);
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /** A rate, or null when there is nothing to divide by. */
  static Double rate(long part, long whole) {
    return whole == 0 ? null : (double) part / whole;
  }
}
