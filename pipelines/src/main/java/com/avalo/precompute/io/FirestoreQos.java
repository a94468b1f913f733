package com.avalo.precompute.io;

import org.apache.beam.runners.dataflow.DataflowRunner;
import org.apache.beam.runners.dataflow.options.DataflowPipelineWorkerPoolOptions;

/**
 * The worker count FirestoreIO's throttle should assume, reading and writing. Its default assumes
 * 500 workers, which on one machine ramps writes up at about one document a second; the real count
 * is what matters.
 */
public final class FirestoreWorkers {
  private FirestoreWorkers() {}

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
