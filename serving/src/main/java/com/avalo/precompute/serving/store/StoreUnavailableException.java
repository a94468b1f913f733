package com.avalo.precompute.serving.store;

/** The store could not be opened or reached; the message says which store and what to check. */
public final class StoreUnavailableException extends RuntimeException {
  public StoreUnavailableException(String message) {
    super(message);
  }

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
