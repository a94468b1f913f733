package com.avalo.precompute.serving.http;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A constant-throughput schedule that does not wait for answers (an open loop, as wrk2 runs):
 * request {@code i} is due at {@code start + i / rate}, whatever became of the ones before it. A
 * sender that falls behind (the generator paused, all connections busy) sends late, and the
 * {@link LatencyLog} charges the delay to the request from its due time, so a stall of the server
 * shows up as the queue of requests that should have been served during it, not as one slow one.
 */
final class OpenLoop {
  /** The time source, and the sleep between sends; a test makes both virtual. */
  interface Clock {
    long nanoTime();

    void sleepUntil(long deadlineNanos);

    Clock SYSTEM = new Clock() {
      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public void sleepUntil(long deadlineNanos) {
        for (long left = deadlineNanos - System.nanoTime(); left > 0;
            left = deadlineNanos - System.nanoTime()) {
          LockSupport.parkNanos(left);
        }
      }
    };
  }

  /** Sends one request without waiting for it, and reports its fate to the log. */
  interface Sender {
    /**
     * Starts a GET of {@code path}, due at {@code intendedNanos}; the sender tells {@code log}
     * when it went out and how it ended ({@link LatencyLog#answered}, {@link LatencyLog#failed}).
     */
    void send(String path, long intendedNanos, LatencyLog log);
  }

  private final Clock clock;
  private final Sender sender;
  private final ZipfPaths paths;
  private final LatencyLog log;
  private final SplittableRandom random;

  OpenLoop(Clock clock, Sender sender, ZipfPaths paths, LatencyLog log, long seed) {
    this.clock = clock;
    this.sender = sender;
    this.paths = paths;
    this.log = log;
    this.random = new SplittableRandom(seed);
  }

  /**
   * Sends {@code ratePerSecond * seconds} requests on schedule from now, returning after the last
   * is sent (answers may still be in flight).
   *
   * @return the schedule's start on {@link Clock#nanoTime}
   */
  long run(double ratePerSecond, double seconds) {
    if (!(ratePerSecond > 0) || !(seconds > 0)) {
      throw new IllegalArgumentException("rate and duration must be positive, were " + ratePerSecond
          + "/s for " + seconds + " s");
    }
    double intervalNanos = TimeUnit.SECONDS.toNanos(1) / ratePerSecond;
    long count = Math.round(ratePerSecond * seconds);
    long start = clock.nanoTime();
    for (long i = 0; i < count; i++) {
      long due = start + (long) (i * intervalNanos);
      clock.sleepUntil(due);
      log.sent();
      sender.send(paths.next(random), due, log);
    }
    return start;
  }
}
