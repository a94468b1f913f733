package com.avalo.precompute.io;

import com.avalo.precompute.source.SourceCollection;
import com.avalo.precompute.source.SourceRecords.SourceRecord;
import java.time.Instant;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.SerializableFunction;

/**
 * Keeps the records dated at or before a run's as-of: what had happened by then. A run as of a
 * past date over today's export then counts likes, matches, messages, posts, purchases and spends
 * as they stood on that date. A record's date is its collection's ({@link
 * SourceCollection#datedAt}), so every job that filters a collection filters it by the same field.
 * Records without a date are kept (parsing refuses them where the date is required).
 */
public final class RecordedBy {
  private RecordedBy() {}

  /** Keeps the records of {@code collection} whose date is not after {@code asOf}. */
  public static <T extends SourceRecord> Filter<T> asOf(Instant asOf,
      SourceCollection<T> collection) {
    return Filter.by((SerializableFunction<T, Boolean>) record -> {
      Instant when = collection.datedAt(record);
      return when == null || !when.isAfter(asOf);
    });
  }
}
