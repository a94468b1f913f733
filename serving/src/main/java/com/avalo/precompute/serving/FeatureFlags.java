package com.avalo.precompute.serving;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Switches of the read path that may be flipped at run time, for example from an admin endpoint.
 * One instance may be shared by several clients ({@link CacheClientBuilder#featureFlags}).
 *
 * <p>{@code bypassCache} is the rollback path: while it is on, every read skips the memory tier
 * and the store and calls the type's {@link OriginLoader} directly; a type without an origin
 * loader reads as missing with {@link CacheRead.Layer#NONE}, so that the backend's own fallback
 * runs. Once it is off again, each client forgets what its memory tier held from before (see
 * {@link #bypassChanges}).
 */
public final class FeatureFlags {
  private final AtomicBoolean bypassCache = new AtomicBoolean();
  private final AtomicLong bypassChanges = new AtomicLong();

  /** Whether reads bypass the cache and go to the origin. */
  public boolean bypassCache() {
    return bypassCache.get();
  }

  /** Turns the cache bypass on or off; takes effect for the next read. */
  public void setBypassCache(boolean bypass) {
    if (bypassCache.getAndSet(bypass) != bypass) {
      bypassChanges.incrementAndGet();
    }
  }

  /**
   * How many times the bypass was turned on or off. A client that sees it change drops its memory
   * tier at its next cached read: the bypass is the rollback path, turned on because what was
   * cached was wrong, so what was cached before it must not come back when it is turned off.
   */
  public long bypassChanges() {
    return bypassChanges.get();
  }
}
