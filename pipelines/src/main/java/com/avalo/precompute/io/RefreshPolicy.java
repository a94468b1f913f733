package com.avalo.precompute.io;

import com.avalo.precompute.schemas.DocumentType;
import java.io.Serializable;
import java.time.Instant;

/**
 * When a run's documents stop being fresh, and whether a document already stored stays fresh
 * long enough to be left as it is. A skipped document is only safe when it stays fresh until the
 * next run can refresh it; the two answers must agree on when that is.
 *
 * <p>{@link OneOffRefresh} is the rule of a run without a schedule; a scheduled run holds one
 * that derives both from its schedule's ticks.
 */
public interface RefreshPolicy extends Serializable {

  /** The {@code expiresAt} a document of {@code type} written by this run carries. */
  Instant expiresAt(DocumentType type);

  /**
   * Whether a stored document of {@code type} that expires at {@code storedExpiresAt} stays
   * fresh until the next run can refresh it, so that unchanged content need not be written.
   */
  boolean coversNextRefresh(DocumentType type, Instant storedExpiresAt);
}
