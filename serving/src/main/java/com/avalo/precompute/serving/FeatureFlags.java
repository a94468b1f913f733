package com.avalo.precompute.serving;

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
  /**
   * The bypass's changes, counted from off: odd while it is on. One number for both, so that no
   * read sees the bypass off without also seeing that it changed.
   */
  private final AtomicLong bypassChanges = new AtomicLong();

  /** Whether reads bypass the cache and go to the origin. */
  public boolean bypassCache() {
    return isBypassing(bypassChanges.get());
  }

  /** Whether the bypass is on after {@code changes} changes ({@link #bypassChanges}). */
  static boolean isBypassing(long changes) {
    return (changes & 1) != 0;
  }

  /** Turns the cache bypass on or off; takes effect for the next read. */
  public void setBypassCache(boolean bypass) {
    long changes;
    do {
      changes = bypassChanges.get();
      if (isBypassing(changes) == bypass) {
        return;
      }
    } while (!bypassChanges.compareAndSet(changes, changes + 1));
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
