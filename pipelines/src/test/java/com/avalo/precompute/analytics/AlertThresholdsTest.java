package com.avalo.precompute.analytics;

import static com.avalo.precompute.analytics.AlertThresholds.Level.critical;
import static com.avalo.precompute.analytics.AlertThresholds.Level.no_data;
import static com.avalo.precompute.analytics.AlertThresholds.Level.ok;
import static com.avalo.precompute.analytics.AlertThresholds.Level.warning;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import java.util.List;
import org.junit.Test;

public class AlertThresholdsTest {
  private static final AlertThresholds PRODUCT = AlertThresholds.PRODUCT;

  @Test
  public void hitRateWarnsUnder70AndIsCriticalUnder50() {
    assertEquals(ok, PRODUCT.hitRate(0.70));
    assertEquals(warning, PRODUCT.hitRate(0.6999));
    assertEquals(warning, PRODUCT.hitRate(0.50));
    assertEquals(critical, PRODUCT.hitRate(0.4999));
    assertEquals(no_data, PRODUCT.hitRate(null));
  }

  /**
   * Through the histogram the bucket stores: calls of exactly a threshold are not over it (with
   * 2 significant digits, 500 ms read back as 501 and 1000 ms as 1003, and alerted).
   */
  @Test
  public void callsOfExactlyAThresholdAreNotOverItThroughTheHistogram() {
    for (long[] latencyAndLevel : new long[][] {{500, 0}, {501, 1}, {1000, 1}, {1001, 2}}) {
      org.HdrHistogram.Histogram histogram = LatencyHistograms.empty();
      for (int call = 0; call < 20; call++) {
        LatencyHistograms.record(histogram, latencyAndLevel[0]);
      }
      long p95 = LatencyHistograms.percentile(histogram, 95);
      assertEquals(latencyAndLevel[0], p95);
      assertEquals("p95 " + p95, List.of(ok, warning, critical).get((int) latencyAndLevel[1]),
          PRODUCT.p95(20, p95));
    }
  }

  @Test
  public void p95WarnsOver500AndIsCriticalOver1000() {
    assertEquals(ok, PRODUCT.p95(10, 500));
    assertEquals(warning, PRODUCT.p95(10, 501));
    assertEquals(warning, PRODUCT.p95(10, 1000));
    assertEquals(critical, PRODUCT.p95(10, 1001));
    assertEquals(no_data, PRODUCT.p95(0, 0));
  }

  @Test
  public void theLevelIsTheWorseOfTheTwo() {
    assertEquals("critical", PRODUCT.toJson(0.9, 10, 1500).path("level").asText());
    assertEquals("warning", PRODUCT.toJson(0.6, 10, 100).path("level").asText());
    assertEquals("ok", PRODUCT.toJson(null, 10, 100).path("level").asText());
    assertEquals("no_data", PRODUCT.toJson(null, 0, 0).path("level").asText());
  }

  @Test
  public void thresholdsOutOfOrderAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new AlertThresholds(0.5, 0.7, 500, 1000));
    assertThrows(IllegalArgumentException.class, () -> new AlertThresholds(0.7, 0.5, 1000, 500));
  }

  @Test
  public void endpointsBecomeKeySafeQualifiers() {
    assertEquals("api.%2Fv1%2Ffeed", ApiEndpoints.metricOf("/v1/feed"));
    assertEquals("api.%2Fv1%2Fuser%2Estats", ApiEndpoints.metricOf("/v1/user.stats"));
    assertEquals("api.%2Fv1%2Fa%20b", ApiEndpoints.metricOf("/v1/a b"));
    assertNull(ApiEndpoints.metricOf(""));
    assertNull(ApiEndpoints.metricOf("/" + "x".repeat(600)));
  }
}
