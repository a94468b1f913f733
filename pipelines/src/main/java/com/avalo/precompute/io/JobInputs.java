package com.avalo.precompute.io;

import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.values.PCollection;

/**
 * What a job builds on: the pipeline, its options (view them as the job's own interface with
 * {@code options().as(...)}), the checked sources, the run's context, and a place for the job's
 * own dead letters.
 */
public record JobInputs(
    Pipeline pipeline,
    PrecomputeOptions options,
    SourceReader sources,
    RunContext run,
    List<PCollection<DeadLetter>> deadLetters) {

  /** Adds dead letters of the job's own (an oversized chat list, a config it could not apply). */
  public void addDeadLetters(PCollection<DeadLetter> letters) {
    deadLetters.add(letters);
  }
}
