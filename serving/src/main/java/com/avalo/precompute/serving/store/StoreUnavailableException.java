package com.avalo.precompute.serving.store;

/**
 * The store could not be opened or reached; the message says which store and what to check.
 * {@link #unreachable()} tells a store that cannot be reached at all (its connection refused or
 * lost) from one that answered too slowly or with an error: a cache in front of it stops asking
 * at once in the first case, after a few failures in the second.
 */
public final class StoreUnavailableException extends RuntimeException {
  private final boolean unreachable;

  public StoreUnavailableException(String message) {
    this(message, null, false);
  }

  public StoreUnavailableException(String message, Throwable cause) {
    this(message, cause, false);
  }

  public StoreUnavailableException(String message, Throwable cause, boolean unreachable) {
    super(message, cause);
    this.unreachable = unreachable;
  }

  /** Whether the store could not be reached at all, as opposed to answering slowly or wrongly. */
  public boolean unreachable() {
    return unreachable;
  }
}
