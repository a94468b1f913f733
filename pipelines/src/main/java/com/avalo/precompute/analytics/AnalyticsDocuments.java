package com.avalo.precompute.analytics;

import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.RunContext;
import com.avalo.precompute.schemas.AnalyticsBucket;
import com.avalo.precompute.schemas.DocumentType;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;

/**
 * Writes {@code analytics:{metric}:{period}} documents of one run. Every document's values start
 * with {@code complete}: whether the bucket had ended by {@code asOf} (a bucket in progress is
 * written too, and rewritten by later runs).
 *
 * @param job the job writing the documents
 * @param run the run's context
 * @param zone the plan's zone id, as written in each document
 */
public record AnalyticsDocuments(String job, RunContext run, String zone) implements Serializable {

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
    return run.put(job, DocumentType.ANALYTICS.key(metric, bucket.period()), payload);
  }

  /** A rate, or null when there is nothing to divide by. */
  static Double rate(long part, long whole) {
    return whole == 0 ? null : (double) part / whole;
  }
}
