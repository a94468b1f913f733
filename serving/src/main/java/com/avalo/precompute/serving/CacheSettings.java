package com.avalo.precompute.serving;

import com.avalo.precompute.schemas.DocumentType;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The immutable configuration of one {@link CacheClient}, as its builder left it. Durations are
 * kept in nanoseconds too, because the read path compares them with ticker readings.
 */
record CacheSettings(
    String name,
    long maximumWeightBytes,
    Map<DocumentType, Duration> memoryTtls,
    Map<DocumentType, ExpiredPolicy> expiredPolicies,
    Map<DocumentType, OriginLoader> originLoaders,
    Duration maxStaleness,
    Duration negativeTtl,
    double refreshAheadFraction,
    int batchSize,
    Duration loadTimeout,
    int failureThreshold,
    Duration initialBackoff,
    Duration maxBackoff,
    int maxWaitingReads) {

  /**
   * How often at most a read of a hot entry may start a refresh ahead of it (after one that was
   * declined or failed), and the least time between a load and its refresh, however short the
   * entry's lifetime.
   */
  static final Duration MIN_REFRESH_INTERVAL = Duration.ofSeconds(1);

  CacheSettings {
    memoryTtls = Collections.unmodifiableMap(new EnumMap<>(memoryTtls));
    expiredPolicies = Collections.unmodifiableMap(new EnumMap<>(expiredPolicies));
    originLoaders = originLoaders.isEmpty()
        ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(originLoaders));
  }

  long memoryTtlNanos(DocumentType type) {
    return Nanos.of(memoryTtls.get(type));
  }

  ExpiredPolicy expiredPolicy(DocumentType type) {
    return expiredPolicies.get(type);
  }

  OriginLoader originLoader(DocumentType type) {
    return originLoaders.get(type);
  }
}
