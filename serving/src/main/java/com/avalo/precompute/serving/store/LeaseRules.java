package com.avalo.precompute.serving.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The ledger's decisions, as pure functions of a window's record, so that both stores decide
 * alike and tests need no store: who gets a window's lease, and how an attempt's outcome changes
 * its record. A store applies them atomically: SQLite in one write transaction, Firestore with
 * {@code create()} for a new window and a transaction for the rest.
 */
final class LeaseRules {
  private LeaseRules() {}

  /** A decision: the caller's lease (or why not), and the record to store, null if unchanged. */
  record Decision(Lease lease, LedgerRecord store) {}

  /** The record of a window no one has asked for yet: its first attempt holds the lease. */
  static LedgerRecord first(LeaseRequest request) {
    return new LedgerRecord(request.schedule(), request.windowStart(), request.windowEnd(),
        List.of(LedgerAttempt.started(1, request)));
  }

  /**
   * Decides a request for a window whose record is {@code existing}:
   * <ul>
   *   <li>no record: attempt 1 takes the lease;
   *   <li>the latest attempt is the requester's own, still running (its run id: a request retried
   *       after a write that reached the store but whose answer was lost): its lease, as it is;
   *   <li>the latest attempt holds a live lease: refused, even with force (two writers at once
   *       would race);
   *   <li>it succeeded: refused unless forced; a forced rerun is a new attempt;
   *   <li>it failed, or its lease ran out without an outcome (the run died): a new attempt, and a
   *       lease that ran out is recorded as that attempt's failure.
   * </ul>
   */
  static Decision decide(Optional<LedgerRecord> existing, LeaseRequest request) {
    if (existing.isEmpty()) {
      LedgerRecord record = first(request);
      return new Decision(new Lease.Granted(record, record.latest(), null), record);
    }
    LedgerRecord record = existing.get();
    LedgerAttempt latest = record.latest();
    if (latest.state() == RunState.RUNNING && latest.runId().equals(request.runId())
        && latest.holdsLeaseAt(request.now())) {
      return new Decision(new Lease.Granted(record, latest, null), null);
    }
    if (latest.holdsLeaseAt(request.now())) {
      return new Decision(new Lease.StillRunning(record, latest), null);
    }
    if (latest.state() == RunState.SUCCEEDED && !request.force()) {
      return new Decision(new Lease.AlreadySucceeded(record, latest), null);
    }
    LedgerAttempt tookOver = null;
    if (latest.state() == RunState.RUNNING) {
      tookOver = latest.failed(LedgerAttempt.LEASE_LAPSED + latest.leaseUntil() + " without an outcome"
          + " (the run stopped or was killed); taken over by attempt " + (latest.attempt() + 1),
          request.now());
      LedgerAttempt failed = tookOver;
      record = record.with(latest.attempt(), attempt -> failed);
    }
    LedgerAttempt next = LedgerAttempt.started(latest.attempt() + 1, request);
    LedgerRecord updated = record.plus(next);
    return new Decision(new Lease.Granted(updated, next, tookOver), updated);
  }

  /**
   * Records attempt {@code number}'s success, written by the pipeline after all its writes: true
   * whatever the ledger said before, even for an attempt whose lease ran out and was taken over.
   * Empty when the record has no such attempt of run {@code runId}, or it already succeeded.
   */
  static Optional<LedgerRecord> succeed(LedgerRecord record, int number, String runId,
      RunCounts counts, Instant at) {
    return succeed(record, number, runId, counts, null, List.of(), at);
  }

  /** {@link #succeed(LedgerRecord, int, String, RunCounts, Instant)} with its cost and manifests. */
  static Optional<LedgerRecord> succeed(LedgerRecord record, int number, String runId,
      RunCounts counts, Double estimatedCostUsd, List<String> manifests, Instant at) {
    return change(record, number, runId, attempt -> attempt.state() != RunState.SUCCEEDED,
        attempt -> attempt.succeeded(counts, estimatedCostUsd, manifests, at));
  }

  /**
   * Records attempt {@code number}'s failure. Empty unless it is still RUNNING: an outcome
   * recorded before (the pipeline's own success, a takeover) stands.
   */
  static Optional<LedgerRecord> fail(LedgerRecord record, int number, String runId, String reason,
      Instant at) {
    return change(record, number, runId, attempt -> attempt.state() == RunState.RUNNING,
        attempt -> attempt.failed(reason, at));
  }

  /** Adds the records read, which only the runner's metrics tell, to attempt {@code number}. */
  static Optional<LedgerRecord> addRecordsRead(LedgerRecord record, int number, String runId,
      SortedMap<String, Long> recordsRead) {
    return change(record, number, runId, attempt -> true,
        attempt -> attempt.withCounts(attempt.counts().withRecordsRead(recordsRead)));
  }

  private static Optional<LedgerRecord> change(LedgerRecord record, int number, String runId,
      Predicate<LedgerAttempt> applies, UnaryOperator<LedgerAttempt> change) {
    return record.attempt(number)
        .filter(attempt -> attempt.runId().equals(runId) && applies.test(attempt))
        .map(attempt -> record.with(number, change));
  }
}
