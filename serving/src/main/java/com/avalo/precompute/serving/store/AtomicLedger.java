package com.avalo.precompute.serving.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Function;

/**
 * What both ledgers share: outcomes are read-change-write steps on one window's record, made
 * atomic by the store ({@link #change}); the decisions themselves are {@link LeaseRules}'.
 */
abstract class AtomicLedger implements RunLedger {

  /**
   * Reads the record of a window, applies {@code change} and stores its result, if any, as one
   * atomic step; false when there is no record or {@code change} leaves it as it is.
   */
  abstract boolean change(String schedule, Instant windowStart,
      Function<LedgerRecord, Optional<LedgerRecord>> change);

  @Override
  public boolean succeed(AttemptKey attempt, RunCounts counts, Double estimatedCostUsd,
      List<String> manifests, Instant at) {
    return change(attempt.schedule(), attempt.windowStart(), record ->
        LeaseRules.succeed(record, attempt.attempt(), attempt.runId(), counts, estimatedCostUsd,
            manifests, at.truncatedTo(ChronoUnit.MILLIS)));
  }

  @Override
  public boolean fail(AttemptKey attempt, String reason, Instant at) {
    return change(attempt.schedule(), attempt.windowStart(), record ->
        LeaseRules.fail(record, attempt.attempt(), attempt.runId(), reason,
            at.truncatedTo(ChronoUnit.MILLIS)));
  }

  @Override
  public boolean addRecordsRead(AttemptKey attempt, SortedMap<String, Long> recordsRead) {
    return change(attempt.schedule(), attempt.windowStart(), record ->
        LeaseRules.addRecordsRead(record, attempt.attempt(), attempt.runId(), recordsRead));
  }
}
