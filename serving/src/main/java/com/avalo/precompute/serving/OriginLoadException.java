package com.avalo.precompute.serving;

/**
 * An {@link OriginLoader} failed, or returned something that is not a value of the key, while the
 * cache was bypassed (outside the bypass, an origin failure falls back to a stale value instead).
 */
public final class OriginLoadException extends RuntimeException {
  OriginLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
