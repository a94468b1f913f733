package com.avalo.precompute.serving.http;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A warning that may come thousands of times a second (every miss while the store is down),
 * logged at most once per interval with the count of those left out since the last line, so that
 * an outage does not also become a flood of log lines on the threads that serve.
 */
final class ThrottledLog {
  private final Logger log;
  private final String what;
  private final long intervalNanos;
  private final AtomicLong nextLine = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong suppressed = new AtomicLong();

  ThrottledLog(Logger log, String what, Duration interval) {
    this.log = log;
    this.what = what;
    this.intervalNanos = interval.toNanos();
  }

  /** Logs {@code subject: detail} unless a line was logged within the interval. */
  void warn(String subject, String detail) {
    long now = System.nanoTime();
    long next = nextLine.get();
    if ((next != Long.MIN_VALUE && now - next < 0) || !nextLine.compareAndSet(next, now + intervalNanos)) {
      suppressed.incrementAndGet();
      return;
    }
    long left = suppressed.getAndSet(0);
    log.warn("{} {}: {}{}", what, subject, detail,
        left == 0 ? "" : " (" + left + " more like it in the last " + Duration.ofNanos(intervalNanos).toSeconds() + " s not logged)");
  }
}
