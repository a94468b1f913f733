package com.avalo.precompute.serving;

import com.avalo.precompute.serving.store.StoreUnavailableException;
import com.avalo.precompute.serving.store.UnreadableDocumentException;
import com.github.benmanes.caffeine.cache.Ticker;
import com.google.common.base.Throwables;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A small circuit breaker in front of the store, so that a dead store costs each read nothing
 * rather than a timeout. After {@code failureThreshold} consecutive failures the circuit opens:
 * reads that need the store fail at once. A store that cannot be reached at all (a refused or
 * lost connection, {@link StoreUnavailableException#unreachable()}) opens it on its first
 * failure: unlike a slow answer, that is no accident of one read, and every miss waiting for
 * more such failures would answer late for nothing. When the backoff has passed, one read is chosen to
 * probe the store (the others keep failing fast); its success closes the circuit, its failure
 * reopens it with the backoff doubled, up to {@code maxBackoff}. The probe runs in the
 * background: the read that starts it answers at once like its peers, so that no caller waits on
 * a store already known to be down ({@link CacheClient}).
 */
final class StoreCircuit {
  /** What a read that needs the store may do at a given instant. */
  enum Admission {
    /** The circuit is closed: read the store. */
    PASS,
    /** The circuit is open and this read is the one to probe the store, without waiting on it. */
    PROBE,
    /** The circuit is open: answer without the store. */
    REJECT
  }

  private final Ticker ticker;
  private final int failureThreshold;
  private final long initialBackoff;
  private final long maxBackoff;
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  /** Ticker instant before which an open circuit lets nothing through. */
  private final AtomicLong openUntil = new AtomicLong(Long.MIN_VALUE);
  private volatile Throwable lastFailure;

  StoreCircuit(Ticker ticker, int failureThreshold, long initialBackoffNanos, long maxBackoffNanos) {
    this.ticker = ticker;
    this.failureThreshold = failureThreshold;
    this.initialBackoff = initialBackoffNanos;
    this.maxBackoff = maxBackoffNanos;
  }

  /**
   * What a read at {@code now} may do: {@link Admission#PASS} while the circuit is closed; once it
   * is open, {@link Admission#PROBE} for exactly one caller after each backoff, and
   * {@link Admission#REJECT} for every other.
   */
  Admission admit(long now) {
    if (consecutiveFailures.get() < failureThreshold) {
      return Admission.PASS;
    }
    long until = openUntil.get();
    if (now < until) {
      return Admission.REJECT;
    }
    // Push the deadline on, so that the probe's peers keep failing fast until it answers.
    return openUntil.compareAndSet(until, Nanos.plus(now, backoff()))
        ? Admission.PROBE : Admission.REJECT;
  }


  /**
   * Whether the store is known to be down: the circuit opened and no read has succeeded since,
   * whether or not its backoff has passed (then the next read probes it).
   */
  boolean knownDown() {
    return consecutiveFailures.get() >= failureThreshold;
  }

  /**
   * Starts one store read that completes later and counts how it ended, once: its answer, or, when
   * none came within {@code timeoutNanos}, the failure {@code timedOut} makes, which the returned
   * future then fails with. An answer after the timeout is not counted at all: counted as a
   * success, it closed the circuit the timeout had opened, so a store slower than the timeout kept
   * closing its own circuit. A read that throws before returning its future counts as failed too.
   */
  <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> storeCall, long timeoutNanos,
      Function<TimeoutException, StoreUnavailableException> timedOut) {
    CompletableFuture<T> answer;
    try {
      answer = storeCall.get();
    } catch (RuntimeException | Error e) {
      recordOutcome(e);
      return CompletableFuture.failedFuture(e);
    }
    // The timeout completes a copy, leaving the store's own future to the store: the copy
    // completes once, with the answer or the timeout, and only that is counted.
    return answer.copy().orTimeout(timeoutNanos, TimeUnit.NANOSECONDS).handle((value, failure) -> {
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null
          ? failure.getCause() : failure;
      if (cause instanceof TimeoutException timeout) {
        StoreUnavailableException slow = timedOut.apply(timeout);
        recordFailure(slow);
        throw slow;
      }
      recordOutcome(cause);
      if (failure != null) {
        throw failure instanceof CompletionException completion
            ? completion : new CompletionException(cause);
      }
      return value;
    });
  }

  /**
   * Counts a call's end: a failure, unless the store answered with a document it cannot be read
   * ({@link UnreadableDocumentException}), which is that key's fault and a sign the store is up.
   */
  private void recordOutcome(Throwable failure) {
    if (failure != null && unreadableDocument(failure).isEmpty()) {
      recordFailure(failure);
    } else if (consecutiveFailures.get() != 0) {
      consecutiveFailures.set(0);
    }
  }

  /** The stored document that is not a cache document behind {@code failure}, if that is what it is. */
  static Optional<UnreadableDocumentException> unreadableDocument(Throwable failure) {
    return Throwables.getCausalChain(failure).stream()
        .filter(UnreadableDocumentException.class::isInstance)
        .map(UnreadableDocumentException.class::cast).findFirst();
  }

  /** Counts a failure seen outside {@link #call}. */
  void recordFailure(Throwable failure) {
    lastFailure = failure;
    int failures = opensAtOnce(failure)
        ? consecutiveFailures.updateAndGet(n -> Math.max(n + 1, failureThreshold))
        : consecutiveFailures.incrementAndGet();
    if (failures >= failureThreshold) {
      openUntil.set(Nanos.plus(ticker.read(), backoff()));
    }
  }

  /** Whether {@code failure} opens the circuit by itself: it says the store cannot be reached. */
  static boolean opensAtOnce(Throwable failure) {
    return failure != null && Throwables.getCausalChain(failure).stream().anyMatch(cause ->
        cause instanceof StoreUnavailableException unavailable && unavailable.unreachable());
  }

  int consecutiveFailures() {
    return consecutiveFailures.get();
  }

  /** Nanoseconds until an open circuit lets a probe through; 0 when it would now. */
  long nanosUntilProbe(long now) {
    return Math.max(0, openUntil.get() - now);
  }

  /** The last failure as a {@link StoreUnavailableException}, for the cause of fail-fast errors. */
  StoreUnavailableException lastFailure(String store) {
    Throwable failure = lastFailure;
    if (failure instanceof StoreUnavailableException unavailable) {
      return unavailable;
    }
    return new StoreUnavailableException(store + " failed: "
        + (failure == null ? "unknown failure" : failure.toString()), failure);
  }

  private long backoff() {
    int doublings = Math.max(0, consecutiveFailures.get() - failureThreshold);
    if (doublings >= Long.numberOfLeadingZeros(initialBackoff) - 1) {
      return maxBackoff;
    }
    return Math.min(maxBackoff, initialBackoff << doublings);
  }
}
