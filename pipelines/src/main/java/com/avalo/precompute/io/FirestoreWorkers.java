package com.avalo.precompute.io;

import org.apache.beam.runners.dataflow.options.DataflowPipelineWorkerPoolOptions;

/**
 * The worker count FirestoreIO's throttle should assume. Its default assumes 500 workers, which on
 * one machine ramps writes up at about one document a second; the real count is what matters.
 */
final class FirestoreWorkers {
  private FirestoreWorkers() {}

  static int hint(PrecomputeOptions options) {
    if (options.getFirestoreWriteWorkers() > 0) {
      return options.getFirestoreWriteWorkers();
    }
    if (options.getRunner().getSimpleName().startsWith("Dataflow")) {
      int max = options.as(DataflowPipelineWorkerPoolOptions.class).getMaxNumWorkers();
      return max > 0 ? max : 1;
    }
    return 1;
  }
}
