package com.avalo.precompute.io;

import java.io.Serializable;

/**
 * The keys one run of a job recomputes: a key of the job's previous manifest that the run did not
 * compute is deleted only when it is in the run's scope, and kept as it is otherwise. Most jobs
 * recompute all their keys every run ({@link #ALL}); a job that computes a window of them (the
 * analytics buckets of a scheduled run or a backfill) must say which, or the diff would delete
 * every bucket outside the window.
 */
@FunctionalInterface
public interface KeyScope extends Serializable {

  /** Every key of the job. */
  KeyScope ALL = key -> true;

  /** Whether this run recomputes {@code key}, so that its absence from the output means it is gone. */
  boolean owns(String key);
}
