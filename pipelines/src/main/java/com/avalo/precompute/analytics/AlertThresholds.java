package com.avalo.precompute.analytics;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;

/**
 * The product's alert levels for an endpoint's bucket: the cache hit rate is {@code warning} under
 * 70% and {@code critical} under 50%; the P95 latency is {@code warning} over 500 ms and
 * {@code critical} over 1000 ms (both strict: exactly 70% or 500 ms is {@code ok}). A figure with
 * no data (no cacheable call, no call) is {@code no_data}. The bucket's {@code level} is the worse
 * of the two, in the order no_data, ok, warning, critical.
 */
public record AlertThresholds(double hitRateWarning, double hitRateCritical, long p95WarningMs,
    long p95CriticalMs) implements Serializable {

  public static final AlertThresholds PRODUCT = new AlertThresholds(0.70, 0.50, 500, 1000);

  /** Alert levels, from the least to the most severe. */
  public enum Level { no_data, ok, warning, critical }

  /** @throws IllegalArgumentException when the thresholds are out of order */
  public AlertThresholds {
    if (!(0 <= hitRateCritical && hitRateCritical <= hitRateWarning && hitRateWarning <= 1)) {
      throw new IllegalArgumentException("hit rate thresholds must satisfy 0 <= --hitRateCritical ("
          + hitRateCritical + ") <= --hitRateWarning (" + hitRateWarning + ") <= 1");
    }
    if (!(0 < p95WarningMs && p95WarningMs <= p95CriticalMs)) {
      throw new IllegalArgumentException("latency thresholds must satisfy 0 < --p95WarningMs ("
          + p95WarningMs + ") <= --p95CriticalMs (" + p95CriticalMs + ")");
    }
  }

  public Level hitRate(Double hitRate) {
    if (hitRate == null) {
      return Level.no_data;
    }
    return hitRate < hitRateCritical ? Level.critical
        : hitRate < hitRateWarning ? Level.warning : Level.ok;
  }

  public Level p95(long calls, long p95Ms) {
    if (calls == 0) {
      return Level.no_data;
    }
    return p95Ms > p95CriticalMs ? Level.critical : p95Ms > p95WarningMs ? Level.warning : Level.ok;
  }

  static Level worse(Level a, Level b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** The document form: each figure's level, the bucket's level and the thresholds applied. */
  public ObjectNode toJson(Double hitRate, long calls, long p95Ms) {
    Level hit = hitRate(hitRate);
    Level latency = p95(calls, p95Ms);
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("hitRate", hit.name());
    json.put("p95", latency.name());
    json.put("level", worse(hit, latency).name());
    ObjectNode thresholds = json.putObject("thresholds");
    thresholds.put("hitRateWarning", hitRateWarning);
    thresholds.put("hitRateCritical", hitRateCritical);
    thresholds.put("p95WarningMs", p95WarningMs);
    thresholds.put("p95CriticalMs", p95CriticalMs);
    return json;
  }
}
