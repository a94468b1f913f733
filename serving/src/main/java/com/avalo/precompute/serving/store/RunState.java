package com.avalo.precompute.serving.store;

/** Where one attempt at a window of a schedule stands in the {@link RunLedger}. */
public enum RunState {
  /** Holds the lease: started, not yet recorded as finished. */
  RUNNING,
  /** Recorded its success as its last step, after all its writes. */
  SUCCEEDED,
  /** Recorded a failure with its reason, or lost its lease when it expired. */
  FAILED
}
