package com.avalo.precompute.io;

import com.avalo.precompute.schemas.DocumentType;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The refresh rule of a run without a schedule. Its documents expire one freshness after the run
 * started: the type's {@link DocumentType#defaultFreshness()}, or {@code --freshFor} for every
 * type. A one-off run cannot know when the next run comes, so it takes the next refresh to be due
 * within half a freshness: an unchanged stored document is left alone when it stays fresh for at
 * least that long from this run's start, and rewritten otherwise (runs repeated at less than half
 * a freshness write only what changed; runs further apart also push unchanged documents' expiry
 * out, which they need). A schedule knows its next tick ({@code ScheduleRefresh}).
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
