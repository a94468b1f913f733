package com.avalo.precompute.serving.http;

/**
 * Whether the service can answer reads: {@code /readyz} answers 200 when {@link #check()}
 * returns and 503 with the exception's message when it throws. The default reads the configured
 * probe key through {@code CachedReads}; supply a store-level check (for example
 * {@code () -> store.get("count:users:all")}) when the memory tier could answer that read.
 */
@FunctionalInterface
public interface ReadinessCheck {
  /** Returns when ready; throws saying what is unreachable otherwise. */
  void check() throws Exception;
}
