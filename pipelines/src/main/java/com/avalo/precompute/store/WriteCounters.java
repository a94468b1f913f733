package com.avalo.precompute.store;

import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * The counters every {@link StoreWriter} keeps, and the run's summary and progress read:
 * documents written, per job (the counter's name), and deleted (a delete carries only its key),
 * stamps read and blind deletes avoided. Each is its own metric namespace, summed over every step
 * that counts into it.
 */
public final class WriteCounters {
  public static final String WRITTEN = "documents_written";
  public static final String DELETED = "documents_deleted";
  /** Stamps read from the store for a run without a manifest to trust: one read each on Firestore. */
  public static final String STAMPS_READ = "stamps_read";
  /**
   * Deletes a run without manifests would have made blindly: every page slot past a list's page
   * count, whether or not it ever held a page. Counted by the paged jobs, for the cost of a full
   * rewrite the run's summary compares with.
   */
  public static final String BLIND_DELETES = "blind_deletes";

  private WriteCounters() {}

  /** Documents written by {@code job}'s run, one counter per job, cached by the caller. */
  static Counter writtenBy(String job) {
    return Metrics.counter(WRITTEN, job);
  }

  static Counter deleted() {
    return Metrics.counter(DELETED, "all");
  }

  static Counter stampsRead() {
    return Metrics.counter(STAMPS_READ, "all");
  }

  /** The blind deletes a paged job's list would have cost without manifests. */
  public static Counter blindDeletes() {
    return Metrics.counter(BLIND_DELETES, "all");
  }
}
