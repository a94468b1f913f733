package com.avalo.precompute.schedule;

import com.avalo.precompute.schemas.DocumentType;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * When a document written by a run stops being fresh (its {@code expiresAt}). A one-off run keeps
 * each type's default freshness from the time it ran; a scheduled run's documents live until the
 * schedule's next runs should have replaced them, plus a grace (see {@link #followingSchedule}).
 * Rules are computed once when the pipeline is built and are serializable, so every worker stamps
 * the same deadline.
 */
public interface ExpiryRule extends Serializable {

  /** The {@code expiresAt} of a document of {@code type} computed at {@code computedAt}. */
  Instant expiresAt(DocumentType type, Instant computedAt);

  /** One-off runs: {@code computedAt} plus the type's {@link DocumentType#defaultFreshness()}. */
  static ExpiryRule perType() {
    return new PerType();
  }

  /** Every type fresh for {@code freshFor} from {@code computedAt} (the {@code --freshFor} override). */
  static ExpiryRule fixed(Duration freshFor) {
    if (freshFor.isNegative() || freshFor.isZero()) {
      throw new IllegalArgumentException("freshness must be positive, not " + freshFor);
    }
    return (type, computedAt) -> computedAt.plus(freshFor);
  }

  /**
   * Scheduled runs: every document of the run of {@code window} expires at the
   * {@code expiryTicks}-th tick after the window plus {@code grace}, whatever its type and
   * whenever the run happened. With 1 (the default) that is the next run's tick: the next run
   * computes the next window there, and {@code grace} covers its launch, retries and run time, so
   * readers never see a gap between runs. With k >= 2, an unchanged document written now stays
   * fresh through k-1 more runs, of which the first k-2 may leave it alone
   * ({@link ScheduleRefresh#coversNextRefresh}): after any run it stays fresh through the tick
   * after next, so one failed run never expires it.
   * A run that finishes after that deadline (a late rerun of an old window) writes documents that
   * are already expired: newer windows exist.
   *
   * @throws IllegalArgumentException when the cadence has too few ticks after the window, grace
   *     is negative or {@code expiryTicks} is below 1
   */
  static ScheduleRefresh followingSchedule(Cadence cadence, ScheduleWindow window, Duration grace,
      int expiryTicks) {
    if (grace.isNegative()) {
      throw new IllegalArgumentException("expiry grace must not be negative, not " + grace);
    }
    if (expiryTicks < 1) {
      throw new IllegalArgumentException("expiryTicks must be at least 1, not " + expiryTicks);
    }
    // With k >= 2 an unchanged document is left alone only while it stays fresh through the tick
    // after next: left until it covered just the next tick, every k-th run left a job's unchanged
    // documents (all in the same phase) one failed run from expiring, all at once.
    int mustCover = Math.min(expiryTicks, 2);
    Instant refreshDue = cadence.tickAfter(window.end(), mustCover).orElseThrow(() ->
        new IllegalArgumentException("cron " + cadence + " has fewer than " + mustCover
            + " ticks after " + window.end()));
    Instant lastCovered = cadence.tickAfter(window.end(), expiryTicks).orElseThrow(() ->
        new IllegalArgumentException("cron " + cadence + " has fewer than " + expiryTicks
            + " ticks after " + window.end()));
    return new ScheduleRefresh(lastCovered.plus(grace), refreshDue.plus(grace));
  }

  /** Each type's own freshness, as a record so that it serializes and prints readably. */
  record PerType() implements ExpiryRule {
    @Override
    public Instant expiresAt(DocumentType type, Instant computedAt) {
      return computedAt.plus(type.defaultFreshness());
    }
  }
}
