package com.avalo.precompute.serving.store;

/**
 * What a launch got when it asked the {@link RunLedger} for the lease of a window: the lease, or
 * the reason it is not needed (the window succeeded) or not free (another attempt holds it).
 */
public sealed interface Lease {

  /** The window's record as it stands after the request. */
  LedgerRecord record();

  /** One line for the launcher's output. */
  String message();

  /**
   * The lease: the caller runs the window as {@code attempt}.
   *
   * @param record the window's record, holding the new attempt as its latest
   * @param attempt the caller's attempt
   * @param tookOver the attempt whose expired lease this one took over (now FAILED), or null
   */
  record Granted(LedgerRecord record, LedgerAttempt attempt, LedgerAttempt tookOver) implements Lease {
    @Override
    public String message() {
      return "attempt " + attempt.attempt() + " holds the lease until " + attempt.leaseUntil()
          + (tookOver == null ? "" : "; took over attempt " + tookOver.attempt()
              + ", whose lease ran out at " + tookOver.leaseUntil());
    }
  }

  /**
   * The window has succeeded and no rerun was forced: nothing to do.
   *
   * @param record the window's record
   * @param succeeded its latest attempt, which succeeded
   */
  record AlreadySucceeded(LedgerRecord record, LedgerAttempt succeeded) implements Lease {
    @Override
    public String message() {
      return "already succeeded at " + succeeded.finishedAt() + " (attempt " + succeeded.attempt()
          + ", run " + succeeded.runId() + "); --force runs it again";
    }
  }

  /**
   * Another attempt holds a lease that has not run out: nothing to do now.
   *
   * @param record the window's record
   * @param running the attempt holding the lease
   */
  record StillRunning(LedgerRecord record, LedgerAttempt running) implements Lease {
    @Override
    public String message() {
      return "already running since " + running.startedAt() + ", lease until "
          + running.leaseUntil() + " (attempt " + running.attempt() + ", run " + running.runId()
          + ", " + running.leaseOwner() + ")";
    }
  }
}
