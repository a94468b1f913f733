package com.avalo.precompute.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * What a launch needs to know of its schedule, from the schedules file ({@link Schedule#timing})
 * or from a Flex Template launch's parameters, which carry no file: its name, its ticks, how its
 * documents expire and how long a run may hold the window's lease.
 *
 * @param name the schedule's name, the run ledger's key with the window
 * @param cadence its cron and zone
 * @param expiryGrace added to the {@code expiryTicks}-th tick after a window
 * @param expiryTicks how many ticks on a run's documents stay fresh
 * @param maxRunTime how long a run holds the window's lease
 */
public record ScheduleTiming(String name, Cadence cadence, Duration expiryGrace, int expiryTicks,
    Duration maxRunTime) {

  public ScheduleTiming {
    if (maxRunTime.isNegative() || maxRunTime.isZero()) {
      throw new IllegalArgumentException("maxRunTime must be positive, not " + maxRunTime);
    }
    if (expiryTicks < 1) {
      throw new IllegalArgumentException("expiryTicks must be at least 1, not " + expiryTicks);
    }
  }

  /**
   * The window a launch at {@code now} runs: the one starting at {@code windowStart} when given
   * ({@code --window}), else the one ending at the latest tick not after {@code now}, which is how
   * a launch from Cloud Scheduler's static body finds its tick.
   *
   * @param windowStart the {@code --window} text, or null or blank
   * @throws IllegalArgumentException when the text is no instant or no tick, one line each
   */
  public ScheduleWindow window(String windowStart, Instant now) {
    if (windowStart == null || windowStart.isBlank()) {
      return cadence.latestWindow(now);
    }
    Instant start;
    try {
      start = OffsetDateTime.parse(windowStart.strip()).toInstant();
    } catch (DateTimeParseException notInstant) {
      try {
        // As --as-of takes a date: its midnight, here on the schedule's own clock.
        start = LocalDate.parse(windowStart.strip()).atStartOfDay(cadence.zone()).toInstant();
      } catch (DateTimeParseException notDate) {
        throw new IllegalArgumentException("--window '" + windowStart + "' is not an RFC 3339"
            + " instant such as 2026-11-20T10:00:00Z, nor a date (its midnight in the schedule's"
            + " time zone)");
      }
    }
    ScheduleWindow window;
    try {
      window = cadence.windowStartingAt(start);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--window of schedule '" + name + "': " + e.getMessage());
    }
    // A window still open (a mistyped year, say) would write documents as of the future, fresh
    // for as long, and every later window would then count as older than one that succeeded.
    if (window.end().isAfter(now)) {
      throw new IllegalArgumentException("--window of schedule '" + name + "': window " + window
          + " has not ended yet (now " + now + "); the latest that has is "
          + cadence.latestWindow(now));
    }
    return window;
  }

  /** How the documents of the run of {@code window} expire. */
  public ScheduleRefresh refresh(ScheduleWindow window) {
    return ExpiryRule.followingSchedule(cadence, window, expiryGrace, expiryTicks);
  }
}
