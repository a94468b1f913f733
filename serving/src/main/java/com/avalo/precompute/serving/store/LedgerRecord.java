package com.avalo.precompute.serving.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One window of one schedule in the {@link RunLedger}, with every attempt at it, oldest first.
 * The window's state is that of its latest attempt.
 *
 * @param schedule the schedule's name
 * @param windowStart the window's first instant (a tick of the schedule); with the schedule, the
 *     record's key
 * @param windowEnd the tick that computes the window
 * @param attempts every attempt, oldest first; never empty
 */
public record LedgerRecord(String schedule, Instant windowStart, Instant windowEnd,
    List<LedgerAttempt> attempts) {

  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  public LedgerRecord {
    attempts = List.copyOf(attempts);
    if (attempts.isEmpty()) {
      throw new IllegalArgumentException("a ledger record has at least one attempt");
    }
  }

  /**
   * The record's id, {@code SCHEDULE__yyyyMMddTHHmmssZ}: unique per key, and sorting the windows
   * of a schedule by time (schedule names hold no underscore).
   */
  public static String id(String schedule, Instant windowStart) {
    return schedule + "__" + ID_TIME.format(windowStart);
  }

  /** This record's {@link #id(String, Instant)}. */
  public String id() {
    return id(schedule, windowStart);
  }

  /** The latest attempt. */
  public LedgerAttempt latest() {
    return attempts.get(attempts.size() - 1);
  }

  /** The state of the latest attempt. */
  public RunState state() {
    return latest().state();
  }

  /** Attempt number {@code number}, if there is one. */
  public Optional<LedgerAttempt> attempt(int number) {
    return attempts.stream().filter(a -> a.attempt() == number).findFirst();
  }

  /** This record with {@code next} appended. */
  LedgerRecord plus(LedgerAttempt next) {
    List<LedgerAttempt> all = new ArrayList<>(attempts);
    all.add(next);
    return new LedgerRecord(schedule, windowStart, windowEnd, all);
  }

  /** This record with attempt {@code number} changed by {@code change}. */
  LedgerRecord with(int number, UnaryOperator<LedgerAttempt> change) {
    List<LedgerAttempt> all = new ArrayList<>();
    for (LedgerAttempt attempt : attempts) {
      all.add(attempt.attempt() == number ? change.apply(attempt) : attempt);
    }
    return new LedgerRecord(schedule, windowStart, windowEnd, all);
  }
}
