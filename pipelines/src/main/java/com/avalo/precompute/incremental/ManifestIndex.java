package com.avalo.precompute.incremental;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * Where each run's manifests are, and which of them can be trusted: the bookkeeping that lets the
 * next run of a job find the last manifest of its store without reading the store. The state file
 * ({@link StateFileIndex}) keeps it today; the run ledger can take over by implementing this.
 *
 * <p>Records are kept in the order runs started. Serializable: the pipeline's last step commits
 * through it, on a worker.
 */
public interface ManifestIndex extends Serializable {

  /** Where this index is kept, for messages. */
  String describe();

  /** Where this index keeps the records of {@code jobs}, for a run's summary. */
  default String describe(List<String> jobs) {
    return describe();
  }

  /** The latest run of {@code job} on {@code store}, committed or not. */
  Optional<ManifestRecord> latest(String job, String store);

  /** Every job's record of run {@code runId}, in the order they were recorded. */
  List<ManifestRecord> ofRun(String runId);

  /** Records that a run has started its jobs: called by the launcher before the pipeline runs. */
  void recordStarted(List<ManifestRecord> started);

  /**
   * Records how a run ended for its jobs ({@link ManifestRecord.Status#COMMITTED} or
   * {@link ManifestRecord.Status#FAILED}): called by the pipeline's last step, after its writes.
   */
  void recordEnded(List<ManifestRecord> ended);
}
