package com.avalo.precompute.io;

import com.avalo.precompute.schemas.CacheDocument;
import java.util.Optional;
import java.util.function.Function;
import org.apache.beam.sdk.values.PCollection;

/**
 * One precompute job: reads what it needs through the shared {@link JobInputs} and returns the
 * cache writes it produces. {@link PrecomputeRunner} builds one pipeline for the jobs of a run, so
 * jobs that read the same collections read them once.
 */
public interface PrecomputeJob {

  /** The job's name on the command line and in documents' {@code job} field, e.g. {@code feeds}. */
  String name();

  /** The job's options interface; it extends {@link PrecomputeOptions}. */
  Class<? extends PrecomputeOptions> optionsClass();

  /**
   * Checks the job's configuration before anything runs (config files, option ranges, against
   * the run's snapshot time where that matters), so that a broken config stops the run with one
   * clear message.
   *
   * @throws IllegalArgumentException saying what to fix
   */
  default void validate(PrecomputeOptions options, RunContext run) {}

  /**
   * Checks what the store already holds against this run's options, before the run writes: for a
   * job whose keys do not name an option that changes what they mean (analytics' time zone), so
   * that a run does not overwrite documents of the same names that mean something else.
   *
   * @param firstStored the first stored document whose key starts with a prefix, if any
   * @throws IllegalArgumentException saying what differs and what to do
   */
  default void checkStored(PrecomputeOptions options,
      Function<String, Optional<CacheDocument>> firstStored) {}

  /**
   * The keys a run with these options recomputes ({@link KeyScope}): all of the job's keys unless
   * the job computes a window of them.
   */
  default KeyScope keyScope(PrecomputeOptions options, RunContext run) {
    return KeyScope.ALL;
  }

  /**
   * Whether a run as of a later time makes a run as of an earlier one pointless: true for a job
   * whose documents are the state as of the run (stats, chat lists, feeds), so a scheduled window
   * older than one that succeeded would only put older state back; false for a job that writes
   * each window's own documents (analytics buckets).
   */
  default boolean newerWindowsSupersede() {
    return true;
  }

  /**
   * Makes a run of a window older than one that succeeded leave alone what the newer runs wrote
   * more completely; for a job that {@link #newerWindowsSupersede() writes each window's own
   * documents}. Nothing by default: such windows of the other jobs are refused or forced.
   */
  default void yieldToNewerWindows(PrecomputeOptions options) {}

  /**
   * Adds the job's transforms to the pipeline and returns its documents, as puts: a job never
   * deletes; the run's diff with the job's previous manifest deletes the keys that vanished.
   */
  PCollection<CacheWrite> expand(JobInputs inputs);
}
