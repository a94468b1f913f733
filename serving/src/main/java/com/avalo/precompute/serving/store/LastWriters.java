package com.avalo.precompute.serving.store;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Per job, the run that last began writing the job's documents to a store, kept beside them: a
 * table of the embedded store's file, a collection of the Firestore database. A run trusts the
 * manifest its state location holds for a job only while the store names that manifest's run
 * here: a run from another state location (an analyst's backfill with a local
 * {@code --stateLocation} against the store the scheduled runs write) may have changed or deleted
 * documents that the manifest lists as they were, and a diff against it would then skip them.
 */
public interface LastWriters extends AutoCloseable {

  /**
   * A run that began writing a job's documents.
   *
   * @param stateLocation where the run keeps its manifests, for the message that names it
   */
  record LastWriter(String job, String runId, String stateLocation, Instant startedAt)
      implements Serializable {
    /** Whether {@code other} marks the same run: the same run id from the same state location. */
    public boolean sameRun(LastWriter other) {
      return Objects.equals(runId, other.runId) && Objects.equals(stateLocation, other.stateLocation);
    }
  }

  /**
   * The last run that marked {@code job}, if any has.
   *
   * @throws StoreUnavailableException when the store cannot be read
   */
  Optional<LastWriter> get(String job);

  /**
   * Marks {@code writer}'s run as the last to write its job, replacing the mark before it.
   *
   * @throws StoreUnavailableException when the store cannot be written
   */
  void put(LastWriter writer);

  /**
   * Marks {@code next} as the last writer of its job if the mark is still the one {@code seen}
   * (empty: none yet), atomically with any other run doing the same: a run that read the mark,
   * then found another run's in its place, must not hide that run's writes behind its own mark.
   *
   * @return empty when marked; else the mark found instead, left as it was
   * @throws StoreUnavailableException when the store cannot be read or written
   */
  Optional<LastWriter> replace(Optional<LastWriter> seen, LastWriter next);

  /** Whether the mark {@code found} is still the one {@code seen} (both empty: still none). */
  static boolean stillSeen(Optional<LastWriter> seen, Optional<LastWriter> found) {
    return seen.isPresent() ? found.isPresent() && found.get().sameRun(seen.get())
        : found.isEmpty();
  }

  /** Where the marks are, for messages. */
  String describe();

  @Override
  void close();
}
