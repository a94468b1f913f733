package com.avalo.precompute.serving.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The run ledger: one record per window of a schedule, so that each window runs once however
 * often it is launched. A launch takes the window's lease before it reads any data; the record is
 * created only if absent (a primary key in SQLite, {@code create()} in Firestore), so of two
 * launches at once exactly one gets it. A second launch of a window that succeeded or is running
 * gets {@link Lease.AlreadySucceeded} or {@link Lease.StillRunning}; one whose lease ran out
 * without an outcome (a killed run) is taken over by the next launch, and a forced rerun is a new
 * attempt. The pipeline records its own success as its last step, after all its writes.
 *
 * <p>It lives beside the cache documents: tables in the embedded store's file, a collection of
 * the same Firestore database. Open one with {@link StoreSpec#openLedger()}.
 */
public interface RunLedger extends AutoCloseable {

  /** How long Firestore keeps a record after its window ends (its TTL policy deletes it then). */
  Duration RETENTION = Duration.ofDays(90);

  /**
   * Asks for the lease of a window, atomically with any other launch of it.
   *
   * @throws StoreUnavailableException when the ledger cannot be read or written
   */
  Lease acquire(LeaseRequest request);

  /**
   * Records the success of an attempt with what it did; false when there is no such attempt of
   * that run, or it already succeeded.
   *
   * @throws StoreUnavailableException when the ledger cannot be written
   */
  default boolean succeed(AttemptKey attempt, RunCounts counts, Instant at) {
    return succeed(attempt, counts, null, List.of(), at);
  }

  /**
   * Records the success of an attempt with what it did, what it cost and where its manifests are;
   * false when there is no such attempt of that run, or it already succeeded.
   *
   * @param estimatedCostUsd the run's estimated Firestore cost at the configured prices, or null
   * @param manifests where the run's manifests are, one per job
   * @throws StoreUnavailableException when the ledger cannot be written
   */
  boolean succeed(AttemptKey attempt, RunCounts counts, Double estimatedCostUsd,
      List<String> manifests, Instant at);

  /**
   * Records the failure of an attempt with its reason; false unless the attempt was still
   * RUNNING (an outcome recorded earlier stands).
   *
   * @throws StoreUnavailableException when the ledger cannot be written
   */
  boolean fail(AttemptKey attempt, String reason, Instant at);

  /**
   * Adds the records read per collection to an attempt: only a launcher that waits for the end
   * has them, from the runner's metrics.
   *
   * @throws StoreUnavailableException when the ledger cannot be written
   */
  boolean addRecordsRead(AttemptKey attempt, SortedMap<String, Long> recordsRead);

  /** The record of one window, if any launch asked for it. */
  Optional<LedgerRecord> get(String schedule, Instant windowStart);

  /**
   * The newest {@code limit} records by window start, newest first: of {@code schedule}, or of
   * every schedule when it is null.
   */
  List<LedgerRecord> newest(String schedule, int limit);

  /**
   * The names of the schedules with a window in the ledger, in order. Not from the newest windows
   * of all: a daily schedule's window starts a day before it runs, behind hundreds of ten-minute
   * windows, so it would be missed for most of the day.
   */
  List<String> schedules();

  /** Where the ledger is, for messages. */
  String describe();

  @Override
  void close();
}
