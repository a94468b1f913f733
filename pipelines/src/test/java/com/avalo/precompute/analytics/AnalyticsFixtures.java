package com.avalo.precompute.analytics;

import static org.junit.Assert.assertEquals;

import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.RunContext;
import com.avalo.precompute.schemas.AnalyticsBucket;
import com.avalo.precompute.schemas.DocumentValidator;
import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.source.SourceRecords.CacheLayer;
import com.avalo.precompute.source.SourceRecords.Event;
import com.avalo.precompute.source.SourceRecords.Gender;
import com.avalo.precompute.source.SourceRecords.User;
import com.avalo.precompute.source.SourceRecords.UserStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Small literal inputs and helpers for the analytics tests. */
final class AnalyticsFixtures {
  /** Mid-morning of the 21st: the 21st, week 47 and November are still in progress. */
  static final Instant AS_OF = Instant.parse("2026-11-21T06:00:00Z");
  static final RunContext RUN = new RunContext("run-1", AS_OF, Instant.parse("2026-11-21T06:05:00Z"),
      null, Duration.ofDays(30));
  static final AnalyticsDocuments DOCUMENTS = new AnalyticsDocuments("analytics", RUN, "UTC");

  private static int sequence;

  /** The documents of a run as of {@code asOf}, for plans of another snapshot than {@link #AS_OF}. */
  static AnalyticsDocuments documentsAsOf(Instant asOf) {
    return new AnalyticsDocuments("analytics",
        new RunContext("run-1", asOf, asOf.plusSeconds(300), null, Duration.ofDays(30)), "UTC");
  }

  private AnalyticsFixtures() {}

  /** Days 19-21 November as days, weeks and months. */
  static BucketPlan dayWeekMonthPlan() {
    return BucketPlan.backfill(ZoneOffset.UTC, AS_OF,
        List.of(Granularity.day, Granularity.week, Granularity.month),
        LocalDate.parse("2026-11-19"), LocalDate.parse("2026-11-21"));
  }

  static Event event(String type, String uid, String at) {
    return new Event("e" + (++sequence), type, uid, Instant.parse(at), null, null, null, null);
  }

  static Event apiCall(String uid, String at, String endpoint, long latencyMs, CacheLayer layer,
      boolean ok) {
    return new Event("e" + (++sequence), "api_call", uid, Instant.parse(at), endpoint, latencyMs,
        layer, ok);
  }

  static User user(String id, String createdAt) {
    return new User(id, "User " + id, LocalDate.parse("1995-05-05"), Gender.male,
        Set.of(Gender.female), 20, 40, 30, 52.2, 21.0, "Warsaw", List.of(), 2, "", false,
        Instant.parse(createdAt), Instant.parse(createdAt), UserStatus.active);
  }

  /**
   * Each write's values by key, each document first checked against its JSON Schema, without the sketches' bytes and estimates (checked on their own:
   * HLL estimates of tiny counts are a hair off the integer).
   */
  static Map<String, JsonNode> valuesByKey(Iterable<CacheWrite> writes) {
    Map<String, JsonNode> byKey = new TreeMap<>();
    for (CacheWrite write : writes) {
      assertEquals(write.key(), List.of(), DocumentValidator.instance().validate(write.document()));
      AnalyticsBucket bucket = write.document().payloadAs(AnalyticsBucket.class);
      assertEquals(write.key(), "analytics:" + bucket.metric() + ":" + bucket.period());
      ObjectNode values = bucket.values().deepCopy();
      stripBytes(values);
      byKey.put(write.key(), values);
    }
    return byKey;
  }

  private static void stripBytes(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.remove(List.of("base64", "estimate", "lowerBound95", "upperBound95"));
      object.elements().forEachRemaining(AnalyticsFixtures::stripBytes);
    }
  }

  /** Asserts that {@code actual} has exactly the fields of {@code expectedJson} (single quotes ok). */
  static void assertValues(String key, String expectedJson, JsonNode actual) {
    assertEquals(key, Json.read(expectedJson.replace('\'', '"')), actual);
  }
}
