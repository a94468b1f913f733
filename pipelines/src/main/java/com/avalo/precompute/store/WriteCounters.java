package com.avalo.precompute.store;

import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * The counters every {@link StoreWriter} keeps, and the run's summary and progress read:
 * documents written, per job (the counter's name), and deleted (a delete carries only its key).
 * Each is its own metric namespace, summed over every step that counts into it.
 */
public final class WriteCounters {
  public static final String WRITTEN = "documents_written";
  public static final String DELETED = "documents_deleted";

  private WriteCounters() {}

  /** Documents written by {@code job}'s run, one counter per job, cached by the caller. */
  static Counter writtenBy(String job) {
    return Metrics.counter(WRITTEN, job);
  }

  static Counter deleted() {
    return Metrics.counter(DELETED, "all");
  }
}
