package com.avalo.precompute.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.time.Instant;

/**
 * Payload of {@code analytics:{metric}:{period}}: one metric for one period bucket.
 *
 * <p>{@code granularity} is {@code hour}, {@code day}, {@code week} or {@code month};
 * {@code start} (inclusive) and {@code end} (exclusive) are the bucket's bounds in {@code zone}.
 * {@code values} holds the metric's figures; its shape per metric is in
 * {@code schemas/json/v1/analytics.json}.
 */
public record AnalyticsBucket(
    String metric,
    String granularity,
    String period,
    String zone,
    Instant start,
    Instant end,
    JsonNode values) implements Serializable {}
