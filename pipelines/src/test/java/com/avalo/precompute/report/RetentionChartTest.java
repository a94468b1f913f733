package com.avalo.precompute.report;

import static org.junit.Assert.assertEquals;

import com.avalo.precompute.schemas.AnalyticsBucket;
import com.avalo.precompute.schemas.Json;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.junit.Test;

/** The retention chart draws a day's rate once the day is over; the table shows it as stored. */
public class RetentionChartTest {

  @Test
  public void aDayInProgressIsAGapInTheChartAndItsPartialRateIsInTheTable() throws Exception {
    TreeMap<String, AnalyticsBucket> buckets = new TreeMap<>();
    buckets.put("2026-11-18", cohort("2026-11-18", "{\"complete\":false,\"cohortSize\":10,"
        + "\"d1\":{\"day\":\"2026-11-19\",\"active\":4,\"rate\":0.4,\"complete\":true},"
        + "\"d7\":{\"day\":\"2026-11-25\",\"active\":1,\"rate\":0.1,\"complete\":false},"
        + "\"d30\":null}"));
    Chart chart = ProductCharts.retention(List.of("2026-11-18"), buckets);

    assertEquals(List.of(0.4), chart.series().get(0).values());
    assertEquals("D7 is in progress", Arrays.asList((Number) null), chart.series().get(1).values());
    assertEquals("D30 has not started", Arrays.asList((Number) null),
        chart.series().get(2).values());
    List<?> row = chart.table().rows().get(0);
    assertEquals("the table's D7 rate, as stored", 0.1, ((Number) row.get(5)).doubleValue(), 0);
  }

  private static AnalyticsBucket cohort(String day, String values) throws Exception {
    return new AnalyticsBucket("retention", "day", day, "UTC", Instant.parse(day + "T00:00:00Z"),
        Instant.parse(day + "T00:00:00Z").plusSeconds(86_400), Json.MAPPER.readTree(values));
  }
}
