package com.avalo.precompute.source;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Year;
import java.time.format.DateTimeParseException;

/**
 * Parses the timestamps of source records as {@link Instant#parse} does, faster for the form the
 * app writes ({@code 2026-09-24T02:46:09Z}: UTC, whole seconds).
 *
 * <p>Every like, match, message and event carries one, so at a million users this runs tens of
 * millions of times a run; {@code Instant.parse} goes through the general {@code DateTimeFormatter}
 * machinery and was a tenth of the analytics job's CPU. Anything other than the plain form with
 * fields in range (fractions, leap seconds, bad digits, impossible dates) goes to
 * {@code Instant.parse}, so what is accepted, and what a rejection says, stays the JDK's.
 */
public final class UtcTimestamps {
  private static final int PLAIN_LENGTH = "2026-09-24T02:46:09Z".length();
  private static final long SECONDS_PER_DAY = 86_400;

  private UtcTimestamps() {}

  /**
   * The instant {@code text} names.
   *
   * @throws DateTimeParseException when {@link Instant#parse} rejects it
   */
  public static Instant parse(String text) {
    if (text.length() != PLAIN_LENGTH || text.charAt(4) != '-' || text.charAt(7) != '-'
        || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':'
        || text.charAt(19) != 'Z') {
      return Instant.parse(text);
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    // 23:59:60 (a leap second) and out-of-range fields take the JDK's path, which handles or
    // rejects them; so does a day the month does not have.
    if (year < 0 || month < 1 || month > 12 || day < 1 || (day > 28 && day > lengthOf(year, month))
        || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return Instant.parse(text);
    }
    long epochDay = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second);
  }

  /** The value of {@code length} ASCII digits at {@code from}, or -1 if any is not a digit. */
  private static int digits(String text, int from, int length) {
    int value = 0;
    for (int i = from; i < from + length; i++) {
      int digit = text.charAt(i) - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value;
  }

  private static int lengthOf(int year, int month) {
    return switch (month) {
      case 2 -> Year.isLeap(year) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }
}
