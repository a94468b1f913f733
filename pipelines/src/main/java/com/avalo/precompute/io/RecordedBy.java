package com.avalo.precompute.io;

import java.time.Instant;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.SerializableFunction;

/**
 * Keeps the records dated at or before a run's as-of: what had happened by then. A run as of a
 * past date over today's export then counts likes, matches, messages, posts, purchases and spends
 * as they stood on that date. Records without a date are kept (parsing refuses them where the date
 * is required).
 */
public final class RecordedBy {
  private RecordedBy() {}

  /** Keeps the records whose date, read by {@code at}, is not after {@code asOf}. */
  public static <T> Filter<T> asOf(Instant asOf, SerializableFunction<T, Instant> at) {
    return Filter.by((SerializableFunction<T, Boolean>) record -> {
      Instant when = at.apply(record);
      return when == null || !when.isAfter(asOf);
    });
  }
}
