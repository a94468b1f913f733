package com.avalo.precompute.serving;

import java.time.Duration;

/**
 * Nanosecond arithmetic that saturates instead of overflowing: documents may expire centuries
 * from now, further than a {@code long} of nanoseconds reaches.
 */
final class Nanos {
  private Nanos() {}

  static long of(Duration duration) {
    if (duration.getSeconds() >= Long.MAX_VALUE / 1_000_000_000L - 1) {
      return Long.MAX_VALUE;
    }
    if (duration.getSeconds() <= Long.MIN_VALUE / 1_000_000_000L + 1) {
      return Long.MIN_VALUE;
    }
    return duration.toNanos();
  }

  static long plus(long a, long b) {
    long sum = a + b;
    // Overflow iff both operands have the sign opposite to the sum's.
    if (((a ^ sum) & (b ^ sum)) < 0) {
      return a > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
    return sum;
  }

  /** Nanoseconds from {@code now} until {@code deadline}, 0 when it has passed. */
  static long until(long deadline, long now) {
    if (now < 0 && deadline > Long.MAX_VALUE + now) {
      return Long.MAX_VALUE;
    }
    if (now > 0 && deadline < Long.MIN_VALUE + now) {
      return 0;
    }
    return Math.max(0, deadline - now);
  }
}
