package com.avalo.precompute.io;

import java.time.Duration;
import java.time.Instant;

/**
 * Decides from a run's probes of its store when the store is gone rather than slow: it has failed
 * every probe for at least {@code downFor}, and at least {@link #MIN_FAILED_PROBES} of them, so
 * that one slow answer on a busy machine, or an outage shorter than {@code downFor} that the
 * writes' own retries ride out, does not fail a run. Any answer starts the count again.
 */
final class StoreOutage {
  /** Failed probes in a row before the store counts as gone, however long they took. */
  static final int MIN_FAILED_PROBES = 3;

  private final Duration downFor;
  private Instant firstFailure;
  private int failures;

  StoreOutage(Duration downFor) {
    this.downFor = downFor;
  }

  /** Records a probe started at {@code at}; true once the store counts as gone. */
  boolean gone(Instant at, boolean answered) {
    if (answered) {
      firstFailure = null;
      failures = 0;
      return false;
    }
    if (firstFailure == null) {
      firstFailure = at;
    }
    failures++;
    return failures >= MIN_FAILED_PROBES && !Duration.between(firstFailure, at).minus(downFor).isNegative();
  }
}
