package com.avalo.precompute.store;

import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * The counters every {@link StoreWriter} keeps, and the run's summary reads: documents written
 * and deleted. Each is its own metric namespace, summed over every step that counts into it.
 */
public final class WriteCounters {
  public static final String WRITTEN = "documents_written";
  public static final String DELETED = "documents_deleted";

  private WriteCounters() {}

  static Counter written() {
    return Metrics.counter(WRITTEN, "all");
  }

  static Counter deleted() {
    return Metrics.counter(DELETED, "all");
  }
}
