package com.avalo.precompute.serving.store;

import java.io.Serializable;
import java.time.Instant;

/**
 * Names one attempt in the {@link RunLedger}, for recording its outcome: the pipeline's last
 * step carries it to the workers, so it is serializable.
 *
 * @param schedule the schedule
 * @param windowStart the window's start
 * @param attempt the attempt's number
 * @param runId the attempt's run id; an outcome is recorded only for the attempt of this run
 */
public record AttemptKey(String schedule, Instant windowStart, int attempt, String runId)
    implements Serializable {

  /** The key of {@code attempt} of {@code record}. */
  public static AttemptKey of(LedgerRecord record, LedgerAttempt attempt) {
    return new AttemptKey(record.schedule(), record.windowStart(), attempt.attempt(), attempt.runId());
  }

  @Override
  public String toString() {
    return "attempt " + attempt + " of " + schedule + " window " + windowStart + " (run " + runId + ")";
  }
}
