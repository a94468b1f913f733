package com.avalo.precompute.schedule;

import com.avalo.precompute.schemas.DocumentType;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * When a document written by a run stops being fresh (its {@code expiresAt}). A one-off run keeps
 * each type's default freshness from the time it ran; a scheduled run's documents live until the
 * schedule's next run should have replaced them, plus a grace (see {@link #followingSchedule}).
 * Rules are computed once when the pipeline is built and are serializable, so every worker stamps
 * the same deadline.
 */
public interface ExpiryRule extends Serializable {

  /** The {@code expiresAt} of a document of {@code type} computed at {@code computedAt}. */
  Instant expiresAt(DocumentType type, Instant computedAt);

  /**
   * One-off runs: {@code computedAt} plus the type's freshness.
   *
   * @param freshness how long each type stays fresh; every type must be present
   * @throws IllegalArgumentException naming a type without a freshness
   */
  static ExpiryRule perType(Map<DocumentType, Duration> freshness) {
    EnumMap<DocumentType, Duration> copy = new EnumMap<>(DocumentType.class);
    copy.putAll(freshness);
    for (DocumentType type : DocumentType.values()) {
      if (!copy.containsKey(type)) {
        throw new IllegalArgumentException("no freshness for document type " + type.typeName());
      }
    }
    return new PerType(copy);
  }

  /** Every type fresh for {@code freshFor} from {@code computedAt} (the {@code --freshFor} override). */
  static ExpiryRule fixed(Duration freshFor) {
    if (freshFor.isNegative() || freshFor.isZero()) {
      throw new IllegalArgumentException("freshness must be positive, not " + freshFor);
    }
    return (type, computedAt) -> computedAt.plus(freshFor);
  }

  /**
   * Scheduled runs: every document of the run of {@code window} expires at the first tick after
   * the window plus {@code grace}, whatever its type and whenever the run happened. The next run
   * computes the next window at that tick, and {@code grace} covers its launch, retries and run
   * time, so readers never see a gap between runs. A run that finishes after that deadline (a late
   * rerun of an old window) writes documents that are already expired: a newer window exists.
   *
   * @throws IllegalArgumentException when the cadence has no tick after the window, or grace is negative
   */
  static ExpiryRule followingSchedule(Cadence cadence, ScheduleWindow window, Duration grace) {
    if (grace.isNegative()) {
      throw new IllegalArgumentException("expiry grace must not be negative, not " + grace);
    }
    Instant nextTick = cadence.nextTick(window.end()).orElseThrow(() ->
        new IllegalArgumentException("cron " + cadence + " has no tick after " + window.end()));
    Instant expiresAt = nextTick.plus(grace);
    return (type, computedAt) -> expiresAt;
  }

  /** Per-type freshness as a record, so that it serializes and prints readably. */
  record PerType(EnumMap<DocumentType, Duration> freshness) implements ExpiryRule {
    @Override
    public Instant expiresAt(DocumentType type, Instant computedAt) {
      return computedAt.plus(freshness.get(type));
    }
  }
}
