package com.avalo.precompute.seed;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a seed generation or a load produced: records per collection, and how long it took.
 *
 * @param counts records per collection, in {@link SeedCollection} order
 * @param elapsed wall-clock time of the run
 */
public record SeedSummary(Map<SeedCollection, Long> counts, Duration elapsed) {
  public SeedSummary {
    EnumMap<SeedCollection, Long> copy = new EnumMap<>(SeedCollection.class);
    copy.putAll(counts);
    counts = Collections.unmodifiableMap(copy);
  }

  /** Records written for one collection; 0 when none. */
  public long count(SeedCollection collection) {
    return counts.getOrDefault(collection, 0L);
  }

  /** Records written over all collections. */
  public long total() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }
}
