package com.avalo.precompute.analytics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;

/**
 * Retention of one signup cohort: the users created on the cohort day (in the plan's zone), and
 * how many of them were active ({@code session_start} or {@code api_call}) on day 1, 7 and 30
 * after it (calendar days in the zone; day 0 is the signup day). Counts are exact.
 *
 * <p>A day {@code n} that has not started by {@code asOf} is {@code null}; one in progress is
 * written with {@code complete: false}. The cohort's document is complete when day 30 has ended.
 */
public record RetentionTotals(long cohortSize, long d1, long d7, long d30) implements Serializable {
  public static final RetentionTotals ZERO = new RetentionTotals(0, 0, 0, 0);

  /** One cohort member's contribution, from the days on which they were active. */
  public static RetentionTotals member(LocalDate cohort, Set<LocalDate> activeDays) {
    return new RetentionTotals(1, activeDays.contains(cohort.plusDays(1)) ? 1 : 0,
        activeDays.contains(cohort.plusDays(7)) ? 1 : 0,
        activeDays.contains(cohort.plusDays(30)) ? 1 : 0);
  }

  public RetentionTotals plus(RetentionTotals o) {
    return new RetentionTotals(cohortSize + o.cohortSize, d1 + o.d1, d7 + o.d7, d30 + o.d30);
  }

  static RetentionTotals sum(Iterable<RetentionTotals> parts) {
    RetentionTotals total = ZERO;
    for (RetentionTotals part : parts) {
      total = total.plus(part);
    }
    return total;
  }

  /** Adds the cohort's figures to a document's values. */
  public void writeTo(ObjectNode values, LocalDate cohort, ZoneId zone, Instant asOf) {
    values.put("cohortDay", cohort.toString());
    values.put("cohortSize", cohortSize);
    day(values, "d1", cohort.plusDays(1), d1, zone, asOf);
    day(values, "d7", cohort.plusDays(7), d7, zone, asOf);
    day(values, "d30", cohort.plusDays(30), d30, zone, asOf);
  }

  /** Whether day 30 of {@code cohort} has ended by {@code asOf}. */
  public static boolean complete(LocalDate cohort, ZoneId zone, Instant asOf) {
    return !finalAt(cohort, zone).isAfter(asOf);
  }

  /** When the last figure of {@code cohort} is measured: the end of its day 30. */
  public static Instant finalAt(LocalDate cohort, ZoneId zone) {
    return Bucket.ofDay(cohort.plusDays(30), zone).end();
  }

  private void day(ObjectNode values, String name, LocalDate day, long active, ZoneId zone,
      Instant asOf) {
    Bucket bucket = Bucket.ofDay(day, zone);
    if (bucket.start().isAfter(asOf)) {
      values.putNull(name);
      return;
    }
    ObjectNode figures = values.putObject(name);
    figures.put("day", day.toString());
    figures.put("active", active);
    figures.put("rate", AnalyticsDocuments.rate(active, cohortSize));
    figures.put("complete", !bucket.end().isAfter(asOf));
  }
}
