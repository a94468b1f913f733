package com.avalo.precompute.io;

import org.apache.beam.runners.dataflow.DataflowRunner;
import org.apache.beam.runners.dataflow.options.DataflowPipelineWorkerPoolOptions;
import org.apache.beam.sdk.io.gcp.firestore.RpcQosOptions;
import org.joda.time.Duration;

/**
 * FirestoreIO's quality-of-service settings for a run, reading and writing: the worker count its
 * throttle assumes, and how often and how patiently it retries a failed call.
 */
public final class FirestoreQos {
  private FirestoreQos() {}

  /**
   * The RPC settings {@code options} give ({@code --firestoreWriteWorkers},
   * {@code --firestoreMaxAttempts}, {@code --firestoreRetryBackoffSeconds}).
   *
   * @throws IllegalArgumentException naming the option when a value is outside FirestoreIO's range
   */
  public static RpcQosOptions of(PrecomputeOptions options) {
    try {
      // FirestoreIO (Beam 2.70) backs off from the throttle duration, not from initialBackoff:
      // attempt n waits about throttleDuration * 1.5^(n-1), at most 60 s in all. Both are set so
      // that the value holds whichever one a later Beam reads.
      Duration backoff = Duration.standardSeconds(options.getFirestoreRetryBackoffSeconds());
      return RpcQosOptions.newBuilder()
          .withHintMaxNumWorkers(hint(options))
          .withMaxAttempts(options.getFirestoreMaxAttempts())
          .withInitialBackoff(backoff)
          .withThrottleDuration(backoff)
          .build();
    } catch (IllegalArgumentException outOfRange) {
      throw new IllegalArgumentException("--firestoreMaxAttempts="
          + options.getFirestoreMaxAttempts() + " --firestoreRetryBackoffSeconds="
          + options.getFirestoreRetryBackoffSeconds() + ": " + outOfRange.getMessage(), outOfRange);
    }
  }

  /**
   * The worker count FirestoreIO's throttle should assume. Its default assumes 500 workers, which
   * on one machine ramps writes up at about one document a second; the real count is what matters.
   */
  public static int hint(PrecomputeOptions options) {
    if (options.getFirestoreWriteWorkers() > 0) {
      return options.getFirestoreWriteWorkers();
    }
    if (DataflowRunner.class.isAssignableFrom(options.getRunner())) {
      int max = options.as(DataflowPipelineWorkerPoolOptions.class).getMaxNumWorkers();
      return max > 0 ? max : 1;
    }
    return 1;
  }
}
