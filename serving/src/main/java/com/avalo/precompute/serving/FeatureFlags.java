package com.avalo.precompute.serving;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Switches of the read path that may be flipped at run time, for example from an admin endpoint.
 * One instance may be shared by several clients ({@link CacheClientBuilder#featureFlags}).
 *
 * <p>{@code bypassCache} is the rollback path: while it is on, every read skips the memory tier
 * and the store and calls the type's {@link OriginLoader} directly; a type without an origin
 * loader reads as missing with {@link CacheRead.Layer#NONE}, so that the backend's own fallback
 * runs.
 */
public final class FeatureFlags {
  private final AtomicBoolean bypassCache = new AtomicBoolean();

  /** Whether reads bypass the cache and go to the origin. */
  public boolean bypassCache() {
    return bypassCache.get();
  }

  /** Turns the cache bypass on or off; takes effect for the next read. */
  public void setBypassCache(boolean bypass) {
    bypassCache.set(bypass);
  }
}
