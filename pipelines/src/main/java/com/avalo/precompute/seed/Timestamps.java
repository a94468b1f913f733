package com.avalo.precompute.seed;

/**
 * RFC 3339 formatting of epoch seconds without going through {@code java.time} objects.
 *
 * <p>A 1M-user world writes on the order of 10^8 timestamps; formatting them through
 * {@code Instant.toString()} allocates several objects each. The civil-date arithmetic is
 * Howard Hinnant's {@code civil_from_days}, valid for the proleptic Gregorian calendar.
 */
final class Timestamps {
  static final long SECONDS_PER_DAY = 86_400;
  static final long SECONDS_PER_HOUR = 3_600;

  private Timestamps() {}

  /** {@code yyyy-MM-ddTHH:mm:ssZ} (second precision, UTC) for years 0000-9999. */
  static String format(long epochSecond) {
    char[] out = new char[20];
    long day = Math.floorDiv(epochSecond, SECONDS_PER_DAY);
    int secondOfDay = (int) Math.floorMod(epochSecond, SECONDS_PER_DAY);
    writeDate(day, out);
    out[10] = 'T';
    writeTwoDigits(secondOfDay / 3600, out, 11);
    out[13] = ':';
    writeTwoDigits(secondOfDay / 60 % 60, out, 14);
    out[16] = ':';
    writeTwoDigits(secondOfDay % 60, out, 17);
    out[19] = 'Z';
    return new String(out);
  }

  /** {@code yyyy-MM-dd} of an epoch day. */
  static String formatDate(long epochDay) {
    char[] out = new char[10];
    writeDate(epochDay, out);
    return new String(out);
  }

  private static void writeDate(long epochDay, char[] out) {
    long z = epochDay + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long dayOfEra = z - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long monthPrime = (5 * dayOfYear + 2) / 153;
    int dayOfMonth = (int) (dayOfYear - (153 * monthPrime + 2) / 5 + 1);
    int month = (int) (monthPrime < 10 ? monthPrime + 3 : monthPrime - 9);
    int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
    writeTwoDigits(year / 100, out, 0);
    writeTwoDigits(year % 100, out, 2);
    out[4] = '-';
    writeTwoDigits(month, out, 5);
    out[7] = '-';
    writeTwoDigits(dayOfMonth, out, 8);
  }

  private static void writeTwoDigits(int value, char[] out, int at) {
    out[at] = (char) ('0' + value / 10);
    out[at + 1] = (char) ('0' + value % 10);
  }
}
