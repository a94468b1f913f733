package com.avalo.precompute.analytics;

import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One period bucket in a time zone: its label (the period of the key: {@code 2026-11-20T13},
 * {@code 2026-11-20}, {@code 2026-W47}, {@code 2026-11}), and its bounds, {@code start} inclusive,
 * {@code end} exclusive. An instant exactly on a boundary belongs to the bucket it starts.
 *
 * <p>Bounds are the zone's wall-clock boundaries: a day starts at its first instant (not always
 * 00:00 where DST moves midnight); an hour repeated when clocks go back is one bucket of two hours,
 * and an hour skipped when they go forward has no bucket. Weeks are ISO weeks, Monday to Sunday,
 * labelled with their ISO week-based year: {@code 2026-W53} runs from 2026-12-28 to 2027-01-03.
 */
public record Bucket(Granularity granularity, String period, Instant start, Instant end)
    implements Serializable {

  private static final Pattern HOUR = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})T(\\d{2})");
  private static final Pattern WEEK = Pattern.compile("(\\d{4})-W(\\d{2})");

  /** The bucket of {@code granularity} that holds {@code instant} in {@code zone}. */
  public static Bucket containing(Instant instant, Granularity granularity, ZoneId zone) {
    LocalDateTime local = LocalDateTime.ofInstant(instant, zone);
    return switch (granularity) {
      case hour -> ofHour(local.truncatedTo(ChronoUnit.HOURS), zone);
      case day -> ofDay(local.toLocalDate(), zone);
      case week -> ofWeek(
          local.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)), zone);
      case month -> ofMonth(YearMonth.from(local), zone);
    };
  }

  /** The day bucket of {@code date} in {@code zone}. */
  public static Bucket ofDay(LocalDate date, ZoneId zone) {
    return new Bucket(Granularity.day, date.toString(), date.atStartOfDay(zone).toInstant(),
        date.plusDays(1).atStartOfDay(zone).toInstant());
  }

  /**
   * Parses a period label back into its bucket.
   *
   * @throws IllegalArgumentException when the label is none of the four forms
   */
  public static Bucket parse(String period, ZoneId zone) {
    try {
      Matcher hour = HOUR.matcher(period);
      if (hour.matches()) {
        return ofHour(LocalDate.parse(hour.group(1)).atTime(Integer.parseInt(hour.group(2)), 0), zone);
      }
      Matcher week = WEEK.matcher(period);
      if (week.matches()) {
        LocalDate monday = LocalDate.of(Integer.parseInt(week.group(1)), 1, 4)
            .with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, Integer.parseInt(week.group(2)))
            .with(DayOfWeek.MONDAY);
        return ofWeek(monday, zone);
      }
      if (period.length() == 7) {
        return ofMonth(YearMonth.parse(period), zone);
      }
      if (period.length() == 10) {
        return ofDay(LocalDate.parse(period), zone);
      }
    } catch (RuntimeException e) {
      // fall through to the one message
    }
    throw new IllegalArgumentException("'" + period + "' is not an hour (2026-11-20T13), day"
        + " (2026-11-20), ISO week (2026-W47) or month (2026-11)");
  }

  /** The bucket after this one. */
  public Bucket next(ZoneId zone) {
    return containing(end, granularity, zone);
  }

  /** The bucket before this one. */
  public Bucket previous(ZoneId zone) {
    return containing(start.minusNanos(1), granularity, zone);
  }

  /** Whether {@code instant} falls in the bucket. */
  public boolean contains(Instant instant) {
    return !instant.isBefore(start) && instant.isBefore(end);
  }

  private static Bucket ofHour(LocalDateTime hour, ZoneId zone) {
    // atZone takes the earlier offset in an overlap, so a repeated hour spans both occurrences.
    return new Bucket(Granularity.hour,
        String.format(Locale.ROOT, "%sT%02d", hour.toLocalDate(), hour.getHour()),
        hour.atZone(zone).toInstant(), hour.plusHours(1).atZone(zone).toInstant());
  }

  private static Bucket ofWeek(LocalDate monday, ZoneId zone) {
    String label = String.format(Locale.ROOT, "%d-W%02d", monday.get(IsoFields.WEEK_BASED_YEAR),
        monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    return new Bucket(Granularity.week, label, monday.atStartOfDay(zone).toInstant(),
        monday.plusWeeks(1).atStartOfDay(zone).toInstant());
  }

  private static Bucket ofMonth(YearMonth month, ZoneId zone) {
    return new Bucket(Granularity.month, month.toString(),
        month.atDay(1).atStartOfDay(zone).toInstant(),
        month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant());
  }
}
