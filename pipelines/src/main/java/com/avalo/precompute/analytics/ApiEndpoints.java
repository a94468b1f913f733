package com.avalo.precompute.analytics;

import com.avalo.precompute.schemas.CacheKey;

/**
 * Metric names of API documents: {@code api} for all endpoints, {@code api.{endpoint}} for one,
 * the endpoint percent-encoded with {@link CacheKey#encodeValue} and, beyond it, {@code .} as
 * {@code %2E} (a dot separates qualifiers) and {@code +} (a space) as {@code %20}, which the key
 * grammar does not allow: {@code /v1/feed} is {@code api.%2Fv1%2Ffeed}.
 */
public final class ApiEndpoints {
  public static final String ALL = "api";

  private ApiEndpoints() {}

  /** The metric of {@code endpoint}, or null when no valid key can hold it (empty, too long). */
  public static String metricOf(String endpoint) {
    if (endpoint == null || endpoint.isEmpty()) {
      return null;
    }
    String metric = ALL + "." + CacheKey.encodeValue(endpoint).replace(".", "%2E").replace("+", "%20");
    return CacheKey.isValid("analytics:" + metric + ":2026-11-20T13") ? metric : null;
  }
}
