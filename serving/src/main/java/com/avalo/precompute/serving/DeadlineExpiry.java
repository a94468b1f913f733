package com.avalo.precompute.serving;

import com.github.benmanes.caffeine.cache.Expiry;
import java.util.function.ToLongFunction;

/**
 * Caffeine {@link Expiry} from a deadline each entry carries (a ticker instant fixed at load):
 * creating or replacing an entry expires it at its deadline, and reading it changes nothing. Used
 * by the stale-if-error tier; the memory tier checks {@link Entry#expireAt} on each read itself.
 */
final class DeadlineExpiry implements Expiry<String, Entry> {
  private final ToLongFunction<Entry> deadline;

  DeadlineExpiry(ToLongFunction<Entry> deadline) {
    this.deadline = deadline;
  }

  @Override
  public long expireAfterCreate(String key, Entry entry, long currentTime) {
    return Nanos.until(deadline.applyAsLong(entry), currentTime);
  }

  @Override
  public long expireAfterUpdate(String key, Entry entry, long currentTime, long currentDuration) {
    return Nanos.until(deadline.applyAsLong(entry), currentTime);
  }

  @Override
  public long expireAfterRead(String key, Entry entry, long currentTime, long currentDuration) {
    return currentDuration;
  }
}
