package com.avalo.precompute.incremental;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * One job's part of one run, as a {@link ManifestIndex} keeps it: recorded as started when the
 * run is launched, and as committed by the run's last step once every write succeeded, with where
 * its manifest's header is. Only a committed record's manifest can be trusted; a started one that
 * never committed means the store may hold writes no manifest lists.
 *
 * @param runId the run
 * @param job the job
 * @param store the store written, as {@code StoreWriter.describe()} names it
 * @param asOf the run's snapshot time
 * @param startedAt when the run started
 * @param status how far the run got
 * @param manifest where the manifest's header is (a path or URI)
 * @param counts what the run did to this job's documents, once committed; null before
 */
public record ManifestRecord(String runId, String job, String store, Instant asOf,
    Instant startedAt, Status status, String manifest, Counts counts) implements Serializable {

  /** How far a run got. */
  public enum Status {
    /** Launched; its writes may be in flight, or it failed without committing. */
    STARTED,
    /** Every write succeeded and the manifest is whole. */
    COMMITTED,
    /** It ended, but the store refused some writes: the manifest cannot vouch for the store. */
    FAILED
  }

  /**
   * What a run did to one job's documents.
   *
   * @param written documents put
   * @param unchanged documents left as stored
   * @param deleted documents deleted
   * @param keys keys the manifest lists
   */
  public record Counts(long written, long unchanged, long deleted, long keys) implements Serializable {}

  public ManifestRecord {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(status, "status");
  }

  /** This record, ended with {@code status} and the counts. */
  public ManifestRecord ended(Status value, Counts what) {
    return new ManifestRecord(runId, job, store, asOf, startedAt, value, manifest, what);
  }
}
