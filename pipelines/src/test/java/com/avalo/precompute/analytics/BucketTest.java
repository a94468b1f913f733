package com.avalo.precompute.analytics;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import org.junit.Test;

public class BucketTest {
  private static final ZoneId UTC = ZoneOffset.UTC;

  private static Bucket of(String instant, Granularity granularity) {
    return Bucket.containing(Instant.parse(instant), granularity, UTC);
  }

  private static Bucket bucket(Granularity granularity, String period, String start, String end) {
    return new Bucket(granularity, period, Instant.parse(start), Instant.parse(end));
  }

  @Test
  public void anInstantOnABoundaryBelongsToTheBucketItStarts() {
    assertEquals("2026-11-20", of("2026-11-20T00:00:00Z", Granularity.day).period());
    assertEquals("2026-11-19", of("2026-11-19T23:59:59.999999999Z", Granularity.day).period());
    assertEquals("2026-11-20T00", of("2026-11-20T00:00:00Z", Granularity.hour).period());
    assertEquals("2026-12", of("2026-12-01T00:00:00Z", Granularity.month).period());
    assertEquals("2026-W47", of("2026-11-16T00:00:00Z", Granularity.week).period());
    assertEquals("2026-W46", of("2026-11-15T23:59:59Z", Granularity.week).period());
  }

  /**
   * Labels are key parts, which take ASCII digits only: under a default locale with other digits
   * (Persian here), String.format's %02d made hour and week labels no key accepts, and failed the
   * analytics job.
   */
  @Test
  public void labelsAreTheSameWhateverTheDefaultLocale() {
    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.forLanguageTag("fa-IR"));
    try {
      assertEquals("2026-11-20T03", of("2026-11-20T03:45:00Z", Granularity.hour).period());
      assertEquals("2026-W07", of("2026-02-10T00:00:00Z", Granularity.week).period());
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  public void labelsAndBoundsOfEachGranularity() {
    assertEquals(bucket(Granularity.hour, "2026-11-20T13", "2026-11-20T13:00:00Z",
        "2026-11-20T14:00:00Z"), of("2026-11-20T13:45:00Z", Granularity.hour));
    assertEquals(bucket(Granularity.day, "2026-11-20", "2026-11-20T00:00:00Z",
        "2026-11-21T00:00:00Z"), of("2026-11-20T13:45:00Z", Granularity.day));
    assertEquals(bucket(Granularity.week, "2026-W47", "2026-11-16T00:00:00Z",
        "2026-11-23T00:00:00Z"), of("2026-11-20T13:45:00Z", Granularity.week));
    assertEquals(bucket(Granularity.month, "2026-11", "2026-11-01T00:00:00Z",
        "2026-12-01T00:00:00Z"), of("2026-11-20T13:45:00Z", Granularity.month));
  }

  @Test
  public void anIsoWeekSpansMonthAndYearBoundaries() {
    Bucket w53 = bucket(Granularity.week, "2026-W53", "2026-12-28T00:00:00Z", "2027-01-04T00:00:00Z");
    assertEquals(w53, of("2026-12-31T12:00:00Z", Granularity.week));
    assertEquals(w53, of("2027-01-03T23:59:59Z", Granularity.week));
    assertEquals("2027-W01", of("2027-01-04T00:00:00Z", Granularity.week).period());
    assertEquals(bucket(Granularity.week, "2026-W49", "2026-11-30T00:00:00Z",
        "2026-12-07T00:00:00Z"), of("2026-12-02T00:00:00Z", Granularity.week));
  }

  @Test
  public void aZoneMovesTheBoundsAndDstMakesLongAndShortDays() {
    ZoneId warsaw = ZoneId.of("Europe/Warsaw");
    Bucket day = Bucket.containing(Instant.parse("2026-11-19T23:30:00Z"), Granularity.day, warsaw);
    assertEquals(bucket(Granularity.day, "2026-11-20", "2026-11-19T23:00:00Z",
        "2026-11-20T23:00:00Z"), day);
    // Clocks go back at 03:00 CEST on 2026-10-25: the 02 hour happens twice, one 2-hour bucket.
    Bucket repeated = Bucket.containing(Instant.parse("2026-10-25T01:30:00Z"), Granularity.hour, warsaw);
    assertEquals(bucket(Granularity.hour, "2026-10-25T02", "2026-10-25T00:00:00Z",
        "2026-10-25T02:00:00Z"), repeated);
    assertEquals(repeated,
        Bucket.containing(Instant.parse("2026-10-25T00:30:00Z"), Granularity.hour, warsaw));
    Bucket longDay = Bucket.parse("2026-10-25", warsaw);
    assertEquals(Duration.ofHours(25), Duration.between(longDay.start(), longDay.end()));
    // Clocks go forward at 02:00 CET on 2026-03-29: hour 02 does not exist.
    Bucket beforeGap = Bucket.parse("2026-03-29T01", warsaw);
    assertEquals("2026-03-29T03", beforeGap.next(warsaw).period());
    assertEquals(Duration.ofHours(1), Duration.between(beforeGap.start(), beforeGap.end()));
  }

  @Test
  public void labelsParseBackAndStepBothWays() {
    for (String period : new String[] {"2026-11-20T13", "2026-11-20", "2026-W47", "2026-W53",
        "2027-W01", "2026-11", "2026-12"}) {
      Bucket bucket = Bucket.parse(period, UTC);
      assertEquals(period, bucket.period());
      assertEquals(bucket, Bucket.containing(bucket.start(), bucket.granularity(), UTC));
      assertEquals(bucket, bucket.next(UTC).previous(UTC));
      assertEquals(bucket.end(), bucket.next(UTC).start());
    }
    assertEquals("2027-01", Bucket.parse("2026-12", UTC).next(UTC).period());
    assertEquals("2027-W01", Bucket.parse("2026-W53", UTC).next(UTC).period());
    assertThrows(IllegalArgumentException.class, () -> Bucket.parse("2026-13", UTC));
    assertThrows(IllegalArgumentException.class, () -> Bucket.parse("20261120", UTC));
  }
}
