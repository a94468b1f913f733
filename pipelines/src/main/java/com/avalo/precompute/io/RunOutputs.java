package com.avalo.precompute.io;

import java.util.List;
import org.apache.beam.sdk.values.PCollection;

/**
 * What a run's pipeline writes, for a step that must come after all of it (the run ledger's
 * record of success): the cache writes handed to the store, every dead letter, and collections
 * that are complete only once the store has taken every write and every dead letter
 * ({@code Wait.on} them).
 *
 * @param writes the puts and deletes handed to the store
 * @param deadLetters every dead letter of the run
 * @param written complete once everything is written
 */
public record RunOutputs(PCollection<CacheWrite> writes, PCollection<DeadLetter> deadLetters,
    List<PCollection<?>> written) {

  public RunOutputs {
    written = List.copyOf(written);
  }
}
