package com.avalo.precompute.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks that a schedule's timing holds together: the cron fires, a tick's retries end before the
 * next tick (so every launch computes its own window), the expiry grace outlasts those retries,
 * and a fixed {@code freshFor} a job sets does not expire documents before the next run.
 */
final class CadenceCheck {
  /**
   * The stretch the gaps between ticks are measured over: a year with both DST changes and a
   * February 29th. The tzdb's rules for it are those of today, as are Cloud Scheduler's.
   */
  static final Instant MEASURED_FROM = Instant.parse("2027-06-01T00:00:00Z");
  static final Duration MEASURED_OVER = Duration.ofDays(400);
  /** Gaps by cron and zone: measuring a dense cron takes a good part of a second. */
  private static final Map<String, Optional<Cadence.Gaps>> MEASURED = new ConcurrentHashMap<>();

  private CadenceCheck() {}

  static void check(String file, ScheduleEntry entry, List<Problem> problems) {
    Schedule schedule = entry.schedule();
    Cadence cadence = schedule.cadence();
    Optional<Cadence.Gaps> measured = MEASURED.computeIfAbsent(cadence.cron() + "\n" + cadence.zone(),
        key -> cadence.gaps(MEASURED_FROM, MEASURED_OVER));
    if (measured.isEmpty()) {
      problems.add(new Problem(file, entry.lines().get("cron"), "cron " + schedule.cadence()
          + " fires less than twice from " + MEASURED_FROM + " on: no date matches it often enough"
          + " to schedule"));
      return;
    }
    Cadence.Gaps gaps = measured.get();
    Duration retrySpan = schedule.retry().span(schedule.attemptDeadline());
    if (retrySpan.compareTo(gaps.shortest()) >= 0) {
      problems.add(new Problem(file, entry.lines().get("retry"), "a tick's attempts can last "
          + retrySpan + " (" + (schedule.retry().attempts() + 1) + " attempts of up to "
          + schedule.attemptDeadline() + " plus backoff), but ticks can be " + gaps.shortest()
          + " apart: a late retry would compute the next tick's window. Lower retry.attempts,"
          + " the backoff or attemptDeadline" + (gaps.shortest().compareTo(Duration.ofHours(1)) <= 0
              && !schedule.cadence().zone().getRules().isFixedOffset()
              ? ", or use Etc/UTC (a repeated DST hour fires twice)" : "")));
    }
    if (schedule.expiryGrace().compareTo(retrySpan) < 0) {
      problems.add(new Problem(file, entry.lines().get("expiryGrace"), "expiryGrace "
          + schedule.expiryGrace() + " is shorter than a tick's attempts (" + retrySpan + "): a"
          + " retried launch would start after the previous run's documents expired"));
    }
    entry.jobs().forEach(job -> {
      ScheduleEntry.OptionEntry freshFor = job.options().get("freshFor");
      if (freshFor != null) {
        checkFreshFor(file, freshFor, gaps.longest(), schedule, problems);
      }
    });
  }

  /**
   * A fixed {@code freshFor} replaces the schedule's expiry, so it must keep the promise the
   * schedule's makes: documents fresh for {@code expiryTicks} ticks plus grace.
   */
  private static void checkFreshFor(String file, ScheduleEntry.OptionEntry freshFor, Duration longestGap,
      Schedule schedule, List<Problem> problems) {
    Duration grace = schedule.expiryGrace();
    int ticks = schedule.expiryTicks();
    Duration needed = longestGap.multipliedBy(ticks).plus(grace);
    try {
      Duration value = Duration.parse(freshFor.value());
      if (value.compareTo(needed) < 0) {
        problems.add(new Problem(file, freshFor.line(), "freshFor " + value + " does not cover the"
            + " cadence: ticks can be " + longestGap + " apart, " + (ticks == 1 ? "" : ticks
                + " of them (expiryTicks) ") + "plus expiryGrace " + grace + " makes " + needed
            + (ticks == 1 ? ", so documents would read as missing between runs"
                : ", so documents would expire before the runs expiryTicks promises")
            + ". Drop freshFor and expiry follows the schedule"));
      }
    } catch (DateTimeParseException e) {
      problems.add(new Problem(file, freshFor.line(), "freshFor '" + freshFor.value()
          + "' is not an ISO-8601 duration such as PT6H or P1D"));
    }
  }
}
