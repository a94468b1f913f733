package com.avalo.precompute.schedule;

import java.time.Duration;

/**
 * How Cloud Scheduler retries a launch request that failed (a 409 because the previous run of the
 * schedule is still active, a 5xx): up to {@code attempts} more times, the wait starting at
 * {@code minBackoff}, doubling {@code maxDoublings} times, then growing linearly, never above
 * {@code maxBackoff} (Cloud Scheduler's RetryConfig).
 *
 * @param attempts retries after the first attempt, 0 to 5
 * @param minBackoff the first wait
 * @param maxBackoff the longest wait
 * @param maxDoublings how many times the wait doubles before it grows linearly
 */
public record RetryPolicy(int attempts, Duration minBackoff, Duration maxBackoff, int maxDoublings) {

  /** What a file that says nothing about retries gets: no retries, Cloud Scheduler's backoffs. */
  public static final RetryPolicy NONE = new RetryPolicy(0, Duration.ofSeconds(5), Duration.ofHours(1), 5);

  /** The wait before retry {@code index} (0 for the first retry). */
  public Duration backoff(int index) {
    Duration doubled = minBackoff.multipliedBy(1L << Math.min(index, maxDoublings));
    Duration wait = index <= maxDoublings ? doubled : doubled.multipliedBy(index - maxDoublings + 1L);
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }

  /**
   * The longest time from a tick to the start of its last attempt plus that attempt's deadline:
   * how late a launch of one tick can still happen.
   */
  public Duration span(Duration attemptDeadline) {
    Duration span = attemptDeadline.multipliedBy(attempts + 1L);
    for (int retry = 0; retry < attempts; retry++) {
      span = span.plus(backoff(retry));
    }
    return span;
  }
}
