package com.avalo.precompute.serving.http;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;

/**
 * A readiness check shared by the probes that ask together: one probe runs the check, and its
 * answer (ready, or the failure) answers every probe that arrives while it runs and for
 * {@code reuse} after it. {@code /readyz} needs no credentials, and the default check reads the
 * store itself, past the memory tier and past the waiting limit ({@code --max-waiting-reads}):
 * unshared, every probe of a flood was a store read (a billed one on Firestore) holding a request
 * thread for up to the probe's timeout. Shared, the store is read about once per {@code reuse}
 * however many ask, and a load balancer sees a change within about {@code reuse}. While a check
 * runs, probes get the answer before it at once, so that a flood holds no request threads waiting
 * for a slow store; only the very first check is waited for.
 */
final class SharedReadinessCheck implements ReadinessCheck {
  private final ReadinessCheck check;
  private final long reuseNanos;
  private final LongSupplier nanoTime;
  /** The probe running, or the last one to answer; null before the first. */
  private CompletableFuture<Void> probe;
  /** The answer before {@link #probe}, given while it runs; null before the second. */
  private CompletableFuture<Void> previous;
  /** When {@link #probe} answered, by {@link #nanoTime}; set before it completes. */
  private long answeredAt;

  SharedReadinessCheck(ReadinessCheck check, Duration reuse, LongSupplier nanoTime) {
    this.check = check;
    this.reuseNanos = reuse.toNanos();
    this.nanoTime = nanoTime;
  }

  @Override
  public void check() throws Exception {
    CompletableFuture<Void> shared;
    boolean mine;
    synchronized (this) {
      mine = probe == null
          || probe.isDone() && nanoTime.getAsLong() - answeredAt >= reuseNanos;
      if (mine) {
        previous = probe;
        probe = new CompletableFuture<>();
        shared = probe;
      } else {
        shared = probe.isDone() || previous == null ? probe : previous;
      }
    }
    if (mine) {
      run(shared);
    }
    try {
      shared.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw (Exception) e.getCause();
    }
  }

  /** Runs the check on this thread; whatever it ends with is the shared answer. */
  private void run(CompletableFuture<Void> shared) {
    Throwable failure = null;
    try {
      check.check();
    } catch (Throwable e) {
      // An Error too: left incomplete, the probe would hold every later caller forever.
      failure = e;
    }
    synchronized (this) {
      answeredAt = nanoTime.getAsLong();
    }
    if (failure == null) {
      shared.complete(null);
    } else {
      shared.completeExceptionally(failure);
    }
  }
}
