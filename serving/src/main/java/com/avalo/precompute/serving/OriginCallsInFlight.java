package com.avalo.precompute.serving;

import com.avalo.precompute.schemas.CacheKey;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The origin calls running now, by key, for both paths that call an origin: the loads of expired
 * documents ({@link ExpiredPolicy#ORIGIN}) and the reads while the cache is bypassed. With a
 * registry each, a bypass switched on while a load's call of a key still ran started a second
 * call of that key beside it, against {@link OriginLoader}'s promise of one at a time per key.
 */
final class OriginCallsInFlight {
  private final ConcurrentHashMap<String, Call> calls = new ConcurrentHashMap<>();

  /** A call of {@code key}, not yet registered: {@link #runningOr} registers it. */
  Call newCall(CacheKey key) {
    return new Call(key.value());
  }

  /** The call of {@code call}'s key already running, else {@code call}, registered as running. */
  Call runningOr(Call call) {
    Call running = calls.putIfAbsent(call.key, call);
    return running != null ? running : call;
  }

  /** One origin call: its answer, and whether a thread has taken it up to run it. */
  final class Call {
    private final String key;
    private final CompletableFuture<Optional<?>> answer = new CompletableFuture<>();
    private final AtomicBoolean claimed = new AtomicBoolean();

    private Call(String key) {
      this.key = key;
    }

    /**
     * Whether the caller goes on with the call: of a thread about to run it and a wait that gave
     * up before any thread took it up, the first wins.
     */
    boolean claim() {
      return claimed.compareAndSet(false, true);
    }

    /** The answer, given to every caller that joined the call. */
    CompletableFuture<Optional<?>> answer() {
      return answer;
    }

    /**
     * Runs {@code loader} for the key and gives its answer or failure to every caller that joined
     * the call. The call leaves the registry before it is answered: a read that starts once an
     * answer has been given makes a call of its own, rather than getting the answer from before
     * it asked.
     */
    Optional<?> run(OriginLoader loader, CacheKey key) throws Exception {
      Optional<?> value;
      try {
        value = loader.load(key);
      } catch (Throwable e) {
        withdraw(e);
        throw e;
      }
      calls.remove(this.key, this);
      answer.complete(value);
      return value;
    }

    /** Ends the call without running it, or after it failed, with {@code why}. */
    void withdraw(Throwable why) {
      calls.remove(key, this);
      answer.completeExceptionally(why);
    }
  }
}
