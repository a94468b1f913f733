package com.avalo.precompute.analytics;

import static com.avalo.precompute.analytics.AnalyticsFixtures.documentsAsOf;
import static com.avalo.precompute.analytics.AnalyticsFixtures.apiCall;
import static com.avalo.precompute.analytics.AnalyticsFixtures.assertValues;
import static com.avalo.precompute.analytics.AnalyticsFixtures.event;
import static com.avalo.precompute.analytics.AnalyticsFixtures.valuesByKey;
import static org.junit.Assert.assertEquals;

import com.avalo.precompute.io.DeadLetter;
import com.avalo.precompute.schemas.AnalyticsBucket;
import com.avalo.precompute.source.SourceRecords.CacheLayer;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;

public class SummarizeApiCallsTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static final Instant AS_OF = Instant.parse("2026-11-20T13:30:00Z");
  private static final String THRESHOLDS = "'thresholds':{'hitRateWarning':0.7,"
      + "'hitRateCritical':0.5,'p95WarningMs':500,'p95CriticalMs':1000}";
  private static final String HISTOGRAM =
      "'format':'hdrhistogram','significantDigits':3,'maxRelativeError':0.001";

  @Test
  public void summarizesEachEndpointAndAllOfThemPerBucketWithAlerts() {
    // The current hour and day of a scheduled run.
    BucketPlan plan = BucketPlan.scheduled(ZoneOffset.UTC, AS_OF,
        List.of(Granularity.hour, Granularity.day), 0, Duration.ZERO);
    PCollectionTuple result = pipeline.apply(Create.of(
            apiCall("ann", "2026-11-20T13:00:00Z", "/v1/feed", 40, CacheLayer.memory, true),
            apiCall("bob", "2026-11-20T13:05:00Z", "/v1/feed", 60, CacheLayer.memory, true),
            apiCall("ann", "2026-11-20T13:10:00Z", "/v1/feed", 120, CacheLayer.firestore, true),
            apiCall("cat", "2026-11-20T13:15:00Z", "/v1/feed", 900, CacheLayer.origin, true),
            apiCall("cat", "2026-11-20T13:20:00Z", "/v1/feed", 1500, CacheLayer.origin, false),
            apiCall("ann", "2026-11-20T12:59:59Z", "/v1/feed", 10, CacheLayer.memory, true),
            apiCall("ann", "2026-11-20T13:30:01Z", "/v1/feed", 9000, CacheLayer.origin, false),
            apiCall("bob", "2026-11-20T13:01:00Z", "/v1/chats", 30, CacheLayer.none, true),
            apiCall("bob", "2026-11-20T13:02:00Z", "/v1/chats", 20, CacheLayer.memory, true),
            apiCall("bob", "2026-11-20T13:03:00Z", "/v1/bad", -5, CacheLayer.memory, true),
            apiCall("bob", "2026-11-20T13:04:00Z", "", 5, CacheLayer.memory, true),
            event("session_start", "bob", "2026-11-20T13:00:00Z")))
        .apply(new SummarizeApiCalls(plan, documentsAsOf(plan.asOf()),
            AlertThresholds.PRODUCT));

    PAssert.that(result.get(SummarizeApiCalls.WRITES)).satisfies(all -> {
      Map<String, JsonNode> values = valuesByKey(all);
      assertEquals(List.of("analytics:api.%2Fv1%2Fchats:2026-11-20",
          "analytics:api.%2Fv1%2Fchats:2026-11-20T13", "analytics:api.%2Fv1%2Ffeed:2026-11-20",
          "analytics:api.%2Fv1%2Ffeed:2026-11-20T13", "analytics:api:2026-11-20",
          "analytics:api:2026-11-20T13"), List.copyOf(values.keySet()));
      // 1500 ms is reported as 1500: below 2,048 ms every value has its own bucket.
      assertValues("feed, hour 13", "{'complete':false,'endpoint':'/v1/feed','calls':5,'errors':1,"
          + "'errorRate':0.2,'latencyMs':{'p50':120,'p95':1500,'p99':1500,'max':1500," + HISTOGRAM
          + "},'cache':{'calls':{'memory':2,'firestore':1,'origin':2,'none':0},'hitRate':0.6,"
          + "'memoryHitRate':0.4,'firestoreHitRate':" + (1.0 / 3) + "},'alerts':{'hitRate':'warning',"
          + "'p95':'critical','level':'critical'," + THRESHOLDS + "}}",
          values.get("analytics:api.%2Fv1%2Ffeed:2026-11-20T13"));
      assertValues("feed, the day", "{'complete':false,'endpoint':'/v1/feed','calls':6,'errors':1,"
          + "'errorRate':" + (1.0 / 6) + ",'latencyMs':{'p50':60,'p95':1500,'p99':1500,'max':1500,"
          + HISTOGRAM + "},'cache':{'calls':{'memory':3,'firestore':1,'origin':2,'none':0},"
          + "'hitRate':" + (4.0 / 6) + ",'memoryHitRate':0.5,'firestoreHitRate':" + (1.0 / 3)
          + "},'alerts':{'hitRate':'warning','p95':'critical','level':'critical'," + THRESHOLDS + "}}",
          values.get("analytics:api.%2Fv1%2Ffeed:2026-11-20"));
      assertValues("chats, hour 13", "{'complete':false,'endpoint':'/v1/chats','calls':2,"
          + "'errors':0,'errorRate':0.0,'latencyMs':{'p50':20,'p95':30,'p99':30,'max':30,"
          + HISTOGRAM + "},'cache':{'calls':{'memory':1,'firestore':0,'origin':0,'none':1},"
          + "'hitRate':1.0,'memoryHitRate':1.0,'firestoreHitRate':null},'alerts':{'hitRate':'ok',"
          + "'p95':'ok','level':'ok'," + THRESHOLDS + "}}",
          values.get("analytics:api.%2Fv1%2Fchats:2026-11-20T13"));
      assertValues("all endpoints, hour 13", "{'complete':false,'calls':7,'errors':1,"
          + "'errorRate':" + (1.0 / 7) + ",'latencyMs':{'p50':60,'p95':1500,'p99':1500,'max':1500,"
          + HISTOGRAM + "},'cache':{'calls':{'memory':3,'firestore':1,'origin':2,'none':1},"
          + "'hitRate':" + (4.0 / 6) + ",'memoryHitRate':0.5,'firestoreHitRate':" + (1.0 / 3)
          + "},'alerts':{'hitRate':'warning','p95':'critical','level':'critical'," + THRESHOLDS
          + "},'endpointCount':2,'endpoints':{"
          + "'/v1/chats':{'calls':2,'errorRate':0.0,'p95':30,'hitRate':1.0,'level':'ok'},"
          + "'/v1/feed':{'calls':5,'errorRate':0.2,'p95':1500,'hitRate':0.6,'level':'critical'}}}",
          values.get("analytics:api:2026-11-20T13"));
      assertEquals(8, values.get("analytics:api:2026-11-20").path("calls").asInt());
      assertEquals(40, values.get("analytics:api:2026-11-20").path("latencyMs").path("p50").asInt());
      assertEquals("ok", values.get("analytics:api:2026-11-20").path("alerts").path("hitRate").asText());
      // The stored histogram merges back: hour 13 of both endpoints is the all-endpoints hour.
      for (var write : all) {
        AnalyticsBucket bucket = write.document().payloadAs(AnalyticsBucket.class);
        long calls = bucket.values().path("calls").asLong();
        assertEquals(calls, LatencyHistograms.fromBase64(
            bucket.values().path("latencyMs").path("base64").asText()).getTotalCount());
      }
      return null;
    });
    PAssert.that(result.get(SummarizeApiCalls.DEAD_LETTERS)
        .apply(MapElements.into(TypeDescriptors.strings()).via(DeadLetter::reason)))
        .containsInAnyOrder(
            "latencyMs -5 is negative; the call is left out of the API analytics",
            "endpoint '' is empty or too long for a cache key; the call is left out of the API analytics");
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void aBucketWithoutCallsStillGetsItsAllEndpointsDocument() {
    BucketPlan plan = BucketPlan.scheduled(ZoneOffset.UTC, Instant.parse("2026-11-20T14:00:00Z"),
        List.of(Granularity.hour), 1, Duration.ZERO);
    PCollectionTuple result = pipeline
        .apply(Create.of(event("session_start", "bob", "2026-11-20T13:00:00Z")))
        .apply(new SummarizeApiCalls(plan, documentsAsOf(plan.asOf()),
            AlertThresholds.PRODUCT));
    PAssert.that(result.get(SummarizeApiCalls.WRITES)).satisfies(all -> {
      Map<String, JsonNode> values = valuesByKey(all);
      assertEquals(List.of("analytics:api:2026-11-20T13", "analytics:api:2026-11-20T14"),
          List.copyOf(values.keySet()));
      assertValues("empty hour, ended", "{'complete':true,'calls':0,'errors':0,'errorRate':null,"
          + "'latencyMs':{'p50':0,'p95':0,'p99':0,'max':0," + HISTOGRAM + "},'cache':{'calls':"
          + "{'memory':0,'firestore':0,'origin':0,'none':0},'hitRate':null,'memoryHitRate':null,"
          + "'firestoreHitRate':null},'alerts':{'hitRate':'no_data','p95':'no_data',"
          + "'level':'no_data'," + THRESHOLDS + "},'endpointCount':0,'endpoints':{}}",
          values.get("analytics:api:2026-11-20T13"));
      return null;
    });
    pipeline.run().waitUntilFinish();
  }
}
