package com.avalo.precompute.serving.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * A warning that may come thousands of times a second (every miss while the store is down),
 * logged at most once per interval with the count of those left out since the last line, so that
 * an outage does not also become a flood of log lines on the threads that serve.
 *
 * <p>{@link #perSubject} throttles each subject on its own instead: for a fault of one thing
 * among many (an unreadable document), a hot one would otherwise take every line, and the detail
 * of a rarely read one would never be logged.
 */
final class ThrottledLog {
  /** Subjects remembered at most: past that the least recent are forgotten, and logged again. */
  private static final int MAX_SUBJECTS = 10_000;

  private final Logger log;
  private final String what;
  private final long intervalNanos;
  /** The throttle of each subject, or of all of them (under the key {@code ""}). */
  private final Cache<String, Throttle> throttles = Caffeine.newBuilder()
      .maximumSize(MAX_SUBJECTS).build();
  private final boolean perSubject;
  private final LongSupplier nanoTime;

  private ThrottledLog(Logger log, String what, Duration interval, boolean perSubject,
      LongSupplier nanoTime) {
    this.log = log;
    this.what = what;
    this.intervalNanos = interval.toNanos();
    this.perSubject = perSubject;
    this.nanoTime = nanoTime;
  }

  /** One line per {@code interval} for all subjects together. */
  ThrottledLog(Logger log, String what, Duration interval) {
    this(log, what, interval, false, System::nanoTime);
  }

  /** One line per {@code interval} for all subjects together, timed by {@code nanoTime}. */
  ThrottledLog(Logger log, String what, Duration interval, LongSupplier nanoTime) {
    this(log, what, interval, false, nanoTime);
  }

  /** One line per {@code interval} for each subject. */
  static ThrottledLog perSubject(Logger log, String what, Duration interval) {
    return new ThrottledLog(log, what, interval, true, System::nanoTime);
  }

  /** Logs {@code subject: detail} unless a line (of the subject, per subject) was logged within the interval. */
  void warn(String subject, String detail) {
    Throttle throttle = throttles.get(perSubject ? subject : "", s -> new Throttle());
    long now = nanoTime.getAsLong();
    long next = throttle.nextLine.get();
    if ((next != Long.MIN_VALUE && now - next < 0)
        || !throttle.nextLine.compareAndSet(next, now + intervalNanos)) {
      throttle.suppressed.incrementAndGet();
      return;
    }
    long left = throttle.suppressed.getAndSet(0);
    log.warn("{} {}: {}{}", what, subject, detail, left == 0 ? ""
        : " (" + left + " more like it" + (perSubject ? " of " + subject : "")
            + " since the last line, not logged)");
  }

  private static final class Throttle {
    final AtomicLong nextLine = new AtomicLong(Long.MIN_VALUE);
    final AtomicLong suppressed = new AtomicLong();
  }
}
