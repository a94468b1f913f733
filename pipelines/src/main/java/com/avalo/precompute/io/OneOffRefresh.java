package com.avalo.precompute.io;

import com.avalo.precompute.schemas.DocumentType;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The refresh rule of a run without a schedule. Its documents expire one freshness after the run
 * started: the type's {@link DocumentType#defaultFreshness()}, or {@code --freshFor} for every
 * type. A type's default freshness is about twice the period it is recomputed at, so the next
 * refresh is due within half of it: an unchanged stored document is left alone when it stays
 * fresh for at least half a freshness from this run's start, and rewritten otherwise.
 *
 * @param now when the run started (its {@code computedAt})
 * @param freshFor the freshness of every type, or null for each type's default
 */
public record OneOffRefresh(Instant now, Duration freshFor) implements RefreshPolicy {

  public OneOffRefresh {
    Objects.requireNonNull(now, "now");
    if (freshFor != null && (freshFor.isNegative() || freshFor.isZero())) {
      throw new IllegalArgumentException("--freshFor must be positive, was " + freshFor);
    }
  }

  @Override
  public Instant expiresAt(DocumentType type) {
    return now.plus(freshness(type));
  }

  @Override
  public boolean coversNextRefresh(DocumentType type, Instant storedExpiresAt) {
    return !storedExpiresAt.isBefore(now.plus(freshness(type).dividedBy(2)));
  }

  private Duration freshness(DocumentType type) {
    return freshFor != null ? freshFor : type.defaultFreshness();
  }
}
