package com.avalo.precompute.analytics;

import static com.avalo.precompute.analytics.AnalyticsFixtures.apiCall;
import static com.avalo.precompute.analytics.AnalyticsFixtures.assertValues;
import static com.avalo.precompute.analytics.AnalyticsFixtures.documentsAsOf;
import static com.avalo.precompute.analytics.AnalyticsFixtures.event;
import static com.avalo.precompute.analytics.AnalyticsFixtures.user;
import static com.avalo.precompute.analytics.AnalyticsFixtures.valuesByKey;
import static org.junit.Assert.assertEquals;

import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.source.SourceRecords.CacheLayer;
import com.avalo.precompute.source.SourceRecords.Event;
import com.avalo.precompute.source.SourceRecords.User;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.Rule;
import org.junit.Test;

public class MeasureRetentionTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static final List<User> USERS = List.of(
      user("u1", "2026-11-01T05:00:00Z"),
      user("u2", "2026-11-01T23:59:59Z"),
      user("u3", "2026-11-01T00:00:00Z"), // on the edge: the 1st
      user("u4", "2026-10-31T23:59:59Z"), // cohort 10-31, not planned
      user("u5", "2026-11-02T10:00:00Z")); // a cohort of one that never returns

  private static final List<Event> EVENTS = List.of(
      event("session_start", "u1", "2026-11-02T00:00:00Z"), // D1, on the edge
      event("session_start", "u1", "2026-11-02T08:00:00Z"), // D1 again: counted once
      apiCall("u1", "2026-11-08T12:00:00Z", "/v1/feed", 50, CacheLayer.memory, true), // D7
      event("session_start", "u1", "2026-12-01T10:00:00Z"), // D30
      event("session_start", "u2", "2026-11-02T23:59:59Z"), // D1
      event("session_start", "u2", "2026-11-09T09:00:00Z"), // D8: not D7
      event("session_start", "u3", "2026-11-01T12:00:00Z"), // D0 only
      event("session_start", "u5", "2026-11-02T11:00:00Z"), // D0 only
      event("profile_view", "u5", "2026-11-03T11:00:00Z"), // not activity
      event("session_start", "u4", "2026-11-01T09:00:00Z"));

  private PCollection<CacheWrite> measure(Instant asOf) {
    BucketPlan plan = BucketPlan.backfill(ZoneOffset.UTC, asOf, List.of(Granularity.day),
        LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-03"));
    return PCollectionTuple.of(MeasureRetention.USERS, pipeline.apply("Users", Create.of(USERS)))
        .and(MeasureRetention.EVENTS, pipeline.apply("Events", Create.of(EVENTS)))
        .apply(new MeasureRetention(plan, documentsAsOf(asOf)));
  }

  private static String day(String date, int active, String rate, boolean complete) {
    return "{'day':'" + date + "','active':" + active + ",'rate':" + rate + ",'complete':"
        + complete + "}";
  }

  @Test
  public void measuresD1D7AndD30OfEachCohortExactly() {
    PAssert.that(measure(Instant.parse("2026-12-05T12:00:00Z"))).satisfies(all -> {
      Map<String, JsonNode> values = valuesByKey(all);
      assertEquals(3, values.size());
      String third = String.valueOf(1.0 / 3);
      assertValues("cohort 11-01", "{'complete':true,'cohortDay':'2026-11-01','cohortSize':3,"
          + "'d1':" + day("2026-11-02", 2, String.valueOf(2.0 / 3), true)
          + ",'d7':" + day("2026-11-08", 1, third, true)
          + ",'d30':" + day("2026-12-01", 1, third, true) + "}",
          values.get("analytics:retention:2026-11-01"));
      assertValues("cohort 11-02: nobody returns", "{'complete':true,'cohortDay':'2026-11-02',"
          + "'cohortSize':1,'d1':" + day("2026-11-03", 0, "0.0", true)
          + ",'d7':" + day("2026-11-09", 0, "0.0", true)
          + ",'d30':" + day("2026-12-02", 0, "0.0", true) + "}",
          values.get("analytics:retention:2026-11-02"));
      assertValues("cohort 11-03: nobody signed up", "{'complete':true,'cohortDay':'2026-11-03',"
          + "'cohortSize':0,'d1':" + day("2026-11-04", 0, "null", true)
          + ",'d7':" + day("2026-11-10", 0, "null", true)
          + ",'d30':" + day("2026-12-03", 0, "null", true) + "}",
          values.get("analytics:retention:2026-11-03"));
      return null;
    });
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void daysAfterAsOfAreNullAndTheCurrentDayIsPartial() {
    PAssert.that(measure(Instant.parse("2026-11-02T12:00:00Z"))).satisfies(all -> {
      Map<String, JsonNode> values = valuesByKey(all);
      assertEquals("the 3rd starts after asOf", 2, values.size());
      assertValues("cohort 11-01 on its D1", "{'complete':false,'cohortDay':'2026-11-01',"
          + "'cohortSize':3,'d1':" + day("2026-11-02", 1, String.valueOf(1.0 / 3), false)
          + ",'d7':null,'d30':null}", values.get("analytics:retention:2026-11-01"));
      assertValues("cohort 11-02 on its D0", "{'complete':false,'cohortDay':'2026-11-02',"
          + "'cohortSize':1,'d1':null,'d7':null,'d30':null}",
          values.get("analytics:retention:2026-11-02"));
      return null;
    });
    pipeline.run().waitUntilFinish();
  }
}
