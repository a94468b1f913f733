package com.avalo.precompute.serving;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the reads that wait on the store at once (a bulkhead). A read that misses memory holds
 * its caller's thread until the store answers; with the store slow, those threads would pile up
 * until none were left for memory hits. Past the limit a miss is shed at once instead: served
 * stale when it can be, else failed like a read of a store that is down.
 */
final class WaitingReads {
  private final int limit;
  private final AtomicInteger waiting = new AtomicInteger();

  WaitingReads(int limit) {
    this.limit = limit;
  }

  /** Counts one more waiting read; false, counting nothing, when the limit is reached. */
  boolean enter() {
    if (waiting.incrementAndGet() > limit) {
      waiting.decrementAndGet();
      return false;
    }
    return true;
  }

  /** Ends a read that {@link #enter} admitted. */
  void leave() {
    waiting.decrementAndGet();
  }

  int waiting() {
    return waiting.get();
  }

  int limit() {
    return limit;
  }
}
