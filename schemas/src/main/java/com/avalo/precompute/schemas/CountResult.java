package com.avalo.precompute.schemas;

import java.io.Serializable;
import java.time.Instant;
import java.util.SortedMap;

/**
 * Payload of {@code count:{collection}:{filters}}: the result of a named count query from the
 * counts config. {@code windowStart} and {@code windowEnd} bound the time window the query counts
 * over, or are null for a query without one.
 */
public record CountResult(
    String query,
    String collection,
    SortedMap<String, String> filters,
    long count,
    Instant windowStart,
    Instant windowEnd) implements Serializable {}
