package com.avalo.precompute.analytics;

import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;

/**
 * Emits a record's contribution once for each planned bucket its time falls in, keyed by the
 * bucket's period; records after {@code asOf} or outside the plan contribute nothing.
 */
final class ContributeToBuckets<T, V> extends DoFn<T, KV<String, V>> {
  private final BucketPlan plan;
  private final SerializableFunction<T, java.time.Instant> timeOf;
  private final SerializableFunction<T, V> contribution;

  ContributeToBuckets(BucketPlan plan, SerializableFunction<T, java.time.Instant> timeOf,
      SerializableFunction<T, V> contribution) {
    this.plan = plan;
    this.timeOf = timeOf;
    this.contribution = contribution;
  }

  @ProcessElement
  public void process(@Element T record, OutputReceiver<KV<String, V>> out) {
    List<Bucket> buckets = plan.bucketsOf(timeOf.apply(record));
    if (!buckets.isEmpty()) {
      V value = contribution.apply(record);
      buckets.forEach(bucket -> out.output(KV.of(bucket.period(), value)));
    }
  }
}
