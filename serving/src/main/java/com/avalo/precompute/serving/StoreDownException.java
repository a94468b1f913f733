package com.avalo.precompute.serving;

import com.avalo.precompute.serving.store.StoreUnavailableException;

/**
 * A read needed the store, the store failed (or is known to be failing and was not asked), and
 * no earlier value of the key is within the stale-if-error window. The cause is always a
 * {@link StoreUnavailableException} naming the store and its last failure, so that callers that
 * map store outages (to HTTP 503, say) by walking the cause chain see this one too.
 */
public final class StoreDownException extends RuntimeException {
  private final String key;

  StoreDownException(String key, String message, StoreUnavailableException cause) {
    super(message, cause);
    this.key = key;
  }

  /** The key that could not be read. */
  public String key() {
    return key;
  }

  @Override
  public synchronized StoreUnavailableException getCause() {
    return (StoreUnavailableException) super.getCause();
  }
}
