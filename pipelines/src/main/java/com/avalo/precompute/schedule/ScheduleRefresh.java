package com.avalo.precompute.schedule;

import com.avalo.precompute.io.RefreshPolicy;
import com.avalo.precompute.schemas.DocumentType;
import java.time.Instant;

/**
 * The refresh rule of a scheduled run ({@link ExpiryRule#followingSchedule}): its documents
 * expire at {@code expiresAt}, whatever their type; and a stored document whose content is
 * unchanged needs no write when it stays fresh until {@code nextRefreshDue}.
 *
 * @param expiresAt the {@code expiryTicks}-th tick after the window, plus grace
 * @param nextRefreshDue the first tick after the window plus grace with {@code expiryTicks} 1;
 *     else the second, so that a document left alone outlives one failed run
 */
public record ScheduleRefresh(Instant expiresAt, Instant nextRefreshDue)
    implements RefreshPolicy, ExpiryRule {

  public ScheduleRefresh {
    if (expiresAt.isBefore(nextRefreshDue)) {
      throw new IllegalArgumentException("documents expiring at " + expiresAt
          + " would be stale before the next run is due at " + nextRefreshDue);
    }
  }

  @Override
  public Instant expiresAt(DocumentType type) {
    return expiresAt;
  }

  @Override
  public Instant expiresAt(DocumentType type, Instant computedAt) {
    return expiresAt;
  }

  @Override
  public boolean coversNextRefresh(DocumentType type, Instant storedExpiresAt) {
    return !storedExpiresAt.isBefore(nextRefreshDue);
  }
}
