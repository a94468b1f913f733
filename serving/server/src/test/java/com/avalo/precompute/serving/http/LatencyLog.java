package com.avalo.precompute.serving.http;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What an open-loop run measured. Each answer is recorded twice, as wrk2 does: from the time the
 * schedule meant to send it ({@code intended}, the latency a user arriving then would see, which
 * includes any wait for a free connection or a stalled generator), and from the time it actually
 * went out on a connection ({@code sent}, the service time a closed-loop tool such as wrk reports,
 * which omits exactly those waits: coordinated omission). Transport failures (timeouts, refused
 * connections) are counted, not timed. Thread-safe: answers arrive on the HTTP client's threads.
 */
final class LatencyLog {
  static final long MAX_NANOS = TimeUnit.MINUTES.toNanos(2);

  private final Recorder intended = new Recorder(MAX_NANOS, 3);
  private final Recorder service = new Recorder(MAX_NANOS, 3);
  private final Histogram intendedTotal = new Histogram(MAX_NANOS, 3);
  private final Histogram serviceTotal = new Histogram(MAX_NANOS, 3);
  private final LongAdder answered = new LongAdder();
  private final LongAdder failedStatus = new LongAdder();
  private final LongAdder failedTransport = new LongAdder();
  private final LongAdder sent = new LongAdder();

  /** A request handed to the HTTP client. */
  void sent() {
    sent.increment();
  }

  /** An answer with {@code status}; 4xx and 5xx count as errors but are timed like the rest. */
  void answered(long intendedNanos, long sentNanos, long doneNanos, int status) {
    intended.recordValue(clamp(doneNanos - intendedNanos));
    service.recordValue(clamp(doneNanos - sentNanos));
    answered.increment();
    if (status >= 400) {
      failedStatus.increment();
    }
  }

  /** A request that got no answer (timed out, connection refused or reset). */
  void failed() {
    failedTransport.increment();
  }

  /**
   * The latencies recorded since the last window, also added to the run's totals; call from one
   * thread, once per reporting interval and once at the end.
   */
  synchronized Window window() {
    Histogram fromIntended = intended.getIntervalHistogram();
    Histogram fromSent = service.getIntervalHistogram();
    intendedTotal.add(fromIntended);
    serviceTotal.add(fromSent);
    return new Window(fromIntended, fromSent);
  }

  /** Latency from the intended send time over the whole run (windows taken so far). */
  synchronized Histogram intendedTotal() {
    return intendedTotal.copy();
  }

  /** Latency from the actual send time over the whole run (windows taken so far). */
  synchronized Histogram serviceTotal() {
    return serviceTotal.copy();
  }

  long sentCount() {
    return sent.sum();
  }

  long answeredCount() {
    return answered.sum();
  }

  long statusErrors() {
    return failedStatus.sum();
  }

  long transportErrors() {
    return failedTransport.sum();
  }

  /** One reporting interval's latencies: from the intended and from the actual send time. */
  record Window(Histogram fromIntended, Histogram fromSent) {}

  private static long clamp(long nanos) {
    return Math.max(1, Math.min(MAX_NANOS, nanos));
  }
}
