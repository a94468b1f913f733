package com.avalo.precompute.analytics;

import static com.avalo.precompute.analytics.AnalyticsFixtures.DOCUMENTS;
import static com.avalo.precompute.analytics.AnalyticsFixtures.apiCall;
import static com.avalo.precompute.analytics.AnalyticsFixtures.assertValues;
import static com.avalo.precompute.analytics.AnalyticsFixtures.event;
import static com.avalo.precompute.analytics.AnalyticsFixtures.valuesByKey;
import static org.junit.Assert.assertEquals;

import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.schemas.AnalyticsBucket;
import com.avalo.precompute.source.SourceRecords.CacheLayer;
import com.avalo.precompute.source.SourceRecords.Event;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;

public class CountActiveUsersTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static final List<Event> EVENTS = List.of(
      event("session_start", "ann", "2026-11-19T23:59:59Z"),
      apiCall("ann", "2026-11-20T00:00:00Z", "/v1/feed", 40, CacheLayer.memory, true), // the 20th
      event("session_start", "bob", "2026-11-20T10:00:00Z"),
      event("session_start", "bob", "2026-11-20T11:00:00Z"),
      event("profile_view", "cat", "2026-11-20T12:00:00Z"), // not activity
      event("session_start", "dan", "2026-11-21T06:00:01Z"), // after asOf
      event("session_start", "eve", "2026-11-18T12:00:00Z"), // week and month only
      event("session_start", "ann", "2026-10-31T23:00:00Z")); // outside the plan

  @Test
  public void countsDistinctActiveUsersPerDayWeekAndMonth() {
    PCollection<CacheWrite> writes = pipeline.apply(Create.of(EVENTS))
        .apply(new CountActiveUsers(AnalyticsFixtures.dayWeekMonthPlan(), DOCUMENTS));
    PAssert.that(writes).satisfies(all -> {
      Map<String, JsonNode> values = valuesByKey(all);
      assertEquals(List.of("analytics:active_users:2026-11", "analytics:active_users:2026-11-19",
          "analytics:active_users:2026-11-20", "analytics:active_users:2026-11-21",
          "analytics:active_users:2026-W47"), List.copyOf(values.keySet()));
      String sketch = "'sketch':{'format':'datasketches-hll','lgK':12,'type':'HLL_4',"
          + "'relativeStandardError':" + ActiveUserSketches.RSE + "}";
      assertValues("day 19", "{'complete':true,'activeUsers':1,'sessions':1,"
          + sketch + "}",
          values.get("analytics:active_users:2026-11-19"));
      assertValues("day 20", "{'complete':true,'activeUsers':2,'sessions':2,"
          + sketch + "}",
          values.get("analytics:active_users:2026-11-20"));
      assertValues("day 21: in progress, nobody yet", "{'complete':false,'activeUsers':0,"
          + "'sessions':0," + sketch + "}",
          values.get("analytics:active_users:2026-11-21"));
      assertValues("week 47", "{'complete':false,'activeUsers':3,'sessions':4,"
          + sketch + "}",
          values.get("analytics:active_users:2026-W47"));
      assertEquals(values.get("analytics:active_users:2026-W47"),
          values.get("analytics:active_users:2026-11"));
      for (CacheWrite write : all) {
        AnalyticsBucket bucket = write.document().payloadAs(AnalyticsBucket.class);
        JsonNode stored = bucket.values().path("sketch");
        double exact = bucket.values().path("activeUsers").asDouble();
        assertEquals(exact, ActiveUserSketches.fromBase64(stored.path("base64").asText())
            .getEstimate(), 1e-6);
        assertEquals(exact, stored.path("estimate").asDouble(), 1e-6);
        assertEquals(exact, stored.path("lowerBound95").asDouble(), 1e-6);
      }
      return null;
    });
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void hourBucketsOfAScheduledRunSplitAtTheHour() {
    BucketPlan plan = BucketPlan.scheduled(ZoneOffset.UTC, Instant.parse("2026-11-20T00:30:00Z"),
        List.of(Granularity.hour), 1, Duration.ZERO);
    PCollection<CacheWrite> writes = pipeline.apply(Create.of(EVENTS))
        .apply(new CountActiveUsers(plan, AnalyticsFixtures.documentsAsOf(plan.asOf())));
    PAssert.that(writes).satisfies(all -> {
      Map<String, JsonNode> values = valuesByKey(all);
      assertEquals(List.of("analytics:active_users:2026-11-19T23",
          "analytics:active_users:2026-11-20T00"), List.copyOf(values.keySet()));
      assertEquals(1, values.get("analytics:active_users:2026-11-19T23").path("activeUsers").asInt());
      assertEquals(1, values.get("analytics:active_users:2026-11-20T00").path("activeUsers").asInt());
      return null;
    });
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void anIsoWeekAcrossTheNewYearCountsUsersFromBothYears() {
    BucketPlan plan = BucketPlan.backfill(ZoneOffset.UTC, Instant.parse("2027-01-10T00:00:00Z"),
        List.of(Granularity.week, Granularity.month), LocalDate.parse("2026-12-31"),
        LocalDate.parse("2027-01-02"));
    PCollection<CacheWrite> writes = pipeline.apply(Create.of(
            event("session_start", "ann", "2026-12-31T23:59:59Z"),
            event("session_start", "bob", "2027-01-01T00:00:00Z"),
            event("session_start", "ann", "2027-01-02T10:00:00Z")))
        .apply(new CountActiveUsers(plan, AnalyticsFixtures.documentsAsOf(plan.asOf())));
    PAssert.that(writes).satisfies(all -> {
      Map<String, JsonNode> values = valuesByKey(all);
      assertEquals(List.of("analytics:active_users:2026-12", "analytics:active_users:2026-W53",
          "analytics:active_users:2027-01"), List.copyOf(values.keySet()));
      assertEquals(2, values.get("analytics:active_users:2026-W53").path("activeUsers").asInt());
      assertEquals(3, values.get("analytics:active_users:2026-W53").path("sessions").asInt());
      assertEquals(1, values.get("analytics:active_users:2026-12").path("activeUsers").asInt());
      assertEquals(2, values.get("analytics:active_users:2027-01").path("activeUsers").asInt());
      return null;
    });
    pipeline.run().waitUntilFinish();
  }
}
