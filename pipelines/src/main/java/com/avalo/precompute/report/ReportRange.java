package com.avalo.precompute.report;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The days a report's analytics cover, both ends included.
 *
 * @param from the first day
 * @param to the last day
 * @param chosen how the range was chosen, said in the report
 */
record ReportRange(LocalDate from, LocalDate to, String chosen) {
  /** Days shown when no range is asked for. */
  static final int DEFAULT_DAYS = 30;

  ReportRange {
    if (from.isAfter(to)) {
      throw new IllegalArgumentException("--from " + from + " is after --to " + to);
    }
  }

  /**
   * The range asked for, the missing ends filled in: without {@code --to}, the newest day with an
   * analytics document (today when there is none); without {@code --from}, {@value #DEFAULT_DAYS}
   * days up to the end.
   *
   * @throws IllegalArgumentException when a date does not parse or the ends are reversed
   */
  static ReportRange resolve(String from, String to, Optional<LocalDate> newestDay, LocalDate today) {
    return resolve(from, to, newestDay, "the newest day with an analytics document", today);
  }

  /**
   * {@link #resolve(String, String, Optional, LocalDate)}, ending by default on {@code newestDay},
   * which {@code newestWhat} describes.
   */
  static ReportRange resolve(String from, String to, Optional<LocalDate> newestDay,
      String newestWhat, LocalDate today) {
    LocalDate end = to.isBlank() ? newestDay.orElse(today) : parse("--to", to);
    LocalDate start = from.isBlank() ? end.minusDays(DEFAULT_DAYS - 1) : parse("--from", from);
    if (!from.isBlank() && to.isBlank() && start.isAfter(end)) {
      end = start.plusDays(DEFAULT_DAYS - 1);
    }
    String chosen = !from.isBlank() && !to.isBlank() ? "as asked"
        : to.isBlank() && newestDay.isPresent() ? "ending on " + newestWhat
        : to.isBlank() ? "ending today: the store has no daily analytics document"
        : DEFAULT_DAYS + " days up to --to";
    return new ReportRange(start, end, chosen);
  }

  private static LocalDate parse(String option, String text) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(option + "='" + text + "' is not a date (YYYY-MM-DD)");
    }
  }

  boolean contains(LocalDate day) {
    return !day.isBefore(from) && !day.isAfter(to);
  }

  /** Every day of the range, in order. */
  List<String> days() {
    List<String> days = new ArrayList<>();
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      days.add(day.toString());
    }
    return days;
  }

  @Override
  public String toString() {
    return from + " to " + to;
  }
}
